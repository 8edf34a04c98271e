// Audio lost on its way to the agent, counted where it arrives (not where it was sent): a
// sender that kept time proves nothing about what an overloaded receiver got. Two views:
//
// - The decoded stream (StreamGapMeter). WebRTC's audio device hands each subscribed track a
//   frame every 10 ms of wall-clock time, packets or not (missing packets become concealment,
//   silence stays silence), so audio received should keep pace with the clock. When frames
//   are dropped between WebRTC and the pipeline (the native queue holds about 100 ms) or the
//   device falls behind, the stream has less audio than time has passed: a gap. Arrival jitter
//   and a short backlog also make the stream look behind for a moment, so the meter counts the
//   shortfall that lasts: the least shortfall over a trailing window (3 s), above the least
//   ever seen. Audio more than the window behind is counted too: it is as good as lost.
// - The RTP streams (RtpReceiveStats), from WebRTC's own inbound statistics: packets lost
//   (after retransmission) and audio the decoder had to invent (non-silent concealment). A
//   track's concealment includes ≈ 60 ms at its start and end on a healthy network.

export interface StreamGapCounts {
  frames: number;
  receivedMs: number;
  gapMs: number;
}

export class StreamGapMeter {
  readonly #windowMs: number;
  #origin: number | null = null;
  #segmentMs = 0;
  #floor = Number.POSITIVE_INFINITY;
  /** (arrival, shortfall) pairs with rising shortfall: the front is the window's least. */
  #window: { at: number; short: number }[] = [];
  #gapBefore = 0;
  #gap = 0;
  #frames = 0;
  #receivedMs = 0;

  constructor(windowMs = 3_000) {
    this.#windowMs = windowMs;
  }

  /** `ms` of audio arrived at wall time `now` (ms). */
  onFrame(ms: number, now: number): void {
    this.#frames++;
    this.#receivedMs += ms;
    this.#origin ??= now - ms;
    this.#segmentMs += ms;
    const short = now - this.#origin - this.#segmentMs;
    this.#floor = Math.min(this.#floor, short);
    const w = this.#window;
    while (w.length > 0 && (w.at(-1)?.short ?? 0) >= short) w.pop();
    w.push({ at: now, short });
    while (w.length > 1 && (w[0]?.at ?? now) < now - this.#windowMs) w.shift();
    this.#gap = Math.max(this.#gap, (w[0]?.short ?? short) - this.#floor);
  }

  /**
   * The track was muted or unmuted: audio may legitimately stop, so timing starts afresh
   * (the gaps counted so far stay).
   */
  restart(): void {
    this.#gapBefore += this.#gap;
    this.#gap = 0;
    this.#origin = null;
    this.#segmentMs = 0;
    this.#floor = Number.POSITIVE_INFINITY;
    this.#window = [];
  }

  get counts(): StreamGapCounts {
    return {
      frames: this.#frames,
      receivedMs: Math.round(this.#receivedMs),
      gapMs: Math.round(this.#gapBefore + this.#gap),
    };
  }
}

export interface RtpReceiveCounts {
  packetsReceived: number;
  packetsLost: number;
  concealedMs: number;
}

/** The subset of an inbound-rtp statistics entry this reads (fields are bigint or number). */
interface InboundAudio {
  stream?: { ssrc?: number; kind?: string };
  received?: { packetsReceived?: bigint | number; packetsLost?: bigint | number };
  inbound?: {
    concealedSamples?: bigint | number;
    silentConcealedSamples?: bigint | number;
    totalSamplesReceived?: bigint | number;
    totalSamplesDuration?: number;
  };
}

/** What `Room.getRtcStats()` returns, as far as this reads it. */
export interface SessionStats {
  publisherStats: { stats: { case?: string; value?: unknown } }[];
  subscriberStats: { stats: { case?: string; value?: unknown } }[];
}

/**
 * Inbound audio RTP statistics summed over every stream seen. A stream's statistics vanish
 * when its track goes, so the last values read for each stream are kept.
 */
export class RtpReceiveStats {
  readonly #last = new Map<number, RtpReceiveCounts>();

  update(stats: SessionStats): void {
    // LiveKit's SDK lists the inbound streams under either peer connection, depending on mode.
    for (const s of [...stats.publisherStats, ...stats.subscriberStats]) {
      if (s.stats.case !== 'inboundRtp') continue;
      const v = s.stats.value as InboundAudio;
      if (v.stream?.kind !== 'audio' || v.stream.ssrc === undefined) continue;
      const n = (x: bigint | number | undefined) => Number(x ?? 0);
      const samples = n(v.inbound?.totalSamplesReceived);
      const seconds = v.inbound?.totalSamplesDuration ?? 0;
      const rate = samples > 0 && seconds > 0 ? samples / seconds : 48_000;
      const concealed = n(v.inbound?.concealedSamples) - n(v.inbound?.silentConcealedSamples);
      this.#last.set(v.stream.ssrc, {
        packetsReceived: n(v.received?.packetsReceived),
        packetsLost: Math.max(0, n(v.received?.packetsLost)),
        concealedMs: Math.max(0, (concealed * 1000) / rate),
      });
    }
  }

  get counts(): RtpReceiveCounts {
    const out = { packetsReceived: 0, packetsLost: 0, concealedMs: 0 };
    for (const c of this.#last.values()) {
      out.packetsReceived += c.packetsReceived;
      out.packetsLost += c.packetsLost;
      out.concealedMs += c.concealedMs;
    }
    out.concealedMs = Math.round(out.concealedMs);
    return out;
  }
}
