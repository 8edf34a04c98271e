// The fastest client a Deepgram-style listen server can have: audio straight from the file over
// the listen WebSocket in real time (20 ms chunks, linear16 16 kHz), no LiveKit, no Opus, no VAD,
// no plugin. What it sees first is the floor the provider (here: the local server's latency
// model) sets for any client; what Parley shows above it is Parley's.
import { WebSocket } from 'ws';

const RATE = 16_000;
const CHUNK = RATE / 50; // 20 ms

export interface DirectListenOptions {
  /** ws://host:port of the server (the plugin's baseUrl). */
  baseUrl: string;
  apiKey: string;
  /** Audio sent before the speech starts (ms): a client streaming all the time has sent some. */
  leadMs?: number;
  /** Audio sent after the speech ends (ms), then Finalize and CloseStream. */
  tailMs?: number;
  /** Gives up on the line after this long (ms). */
  timeoutMs?: number;
  /** Which interims `accepted` times (default: any with text), e.g. only the line's words. */
  accept?: (text: string) => boolean;
}

/** How long after the chunk holding the start of speech left an interim arrived (ms). */
export interface DirectFirsts {
  /** The first interim with text, or null if none came. */
  first: number | null;
  /** The first one `accept` takes (with no `accept`: the first), or null. */
  accepted: number | null;
}

/** Streams `pcm[startMs - lead, endMs + tail]` in real time and times its first interims. */
export async function firstInterimDirect(
  pcm: Int16Array,
  line: { startMs: number; endMs: number },
  opts: DirectListenOptions,
): Promise<DirectFirsts> {
  const leadMs = opts.leadMs ?? 300;
  const tailMs = opts.tailMs ?? 400;
  const from = Math.max(0, Math.round(((line.startMs - leadMs) * RATE) / 1000));
  const to = Math.min(pcm.length, Math.round(((line.endMs + tailMs) * RATE) / 1000));
  const speechAt = Math.round((line.startMs * RATE) / 1000);
  const params = new URLSearchParams({
    encoding: 'linear16',
    sample_rate: String(RATE),
    channels: '1',
    interim_results: 'true',
    endpointing: '25',
  });
  const ws = new WebSocket(`${opts.baseUrl}/v1/listen?${params.toString()}`, {
    headers: { authorization: `Token ${opts.apiKey}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let speechSentAt: number | null = null;
  const out: DirectFirsts = { first: null, accepted: null };
  ws.on('message', (data: Buffer) => {
    if (out.accepted !== null || speechSentAt === null) return;
    const m = JSON.parse(data.toString()) as {
      type?: string;
      is_final?: boolean;
      channel?: { alternatives?: { transcript?: string }[] };
    };
    const text = m.channel?.alternatives?.[0]?.transcript ?? '';
    if (m.type !== 'Results' || m.is_final || text === '') return;
    const ms = Date.now() - speechSentAt;
    out.first ??= ms;
    if (opts.accept?.(text) ?? true) out.accepted = ms;
  });
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  try {
    // Paced by the wall clock (not by timer counts), so late timers do not stretch the audio.
    const started = Date.now();
    for (let at = from; at < to && Date.now() < deadline; at += CHUNK) {
      const due = started + ((at - from) * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const chunk = pcm.slice(at, Math.min(at + CHUNK, to));
      ws.send(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (speechSentAt === null && at + CHUNK > speechAt) speechSentAt = Date.now();
    }
    ws.send(JSON.stringify({ type: 'Finalize' }));
    // Interims already on their way (the model's latency) still count.
    const until = Math.min(deadline, Date.now() + 1_000);
    while (out.accepted === null && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return out;
  } finally {
    ws.close();
  }
}
