import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  extendImportedMeetingEnd,
  findImport,
  findMeetingById,
  findTeamSttProvider,
  finishImport,
  insertSegments,
  markImportRunning,
  updateImportProgress,
  type Db,
  type NewTranscriptSegment,
} from '@parley/db';
import type { ImportError, SttProvider } from '@parley/protocol';
import type { ObjectStore } from '@parley/services/storage';
import type { Logger } from '@parley/services/log';
import type { SttConfig } from '../config.ts';
import {
  RecognitionFailedError,
  StreamTranscriber,
  createRecognizer,
  providerWithKey,
  meetingCasing,
  type SpeechRecognizer,
  type Vad,
} from '../transcription/index.ts';
import { UndecodableError, decodeToPcm, type InputInfo } from './decode.ts';

export interface ImportJobDeps {
  db: Db;
  store: ObjectStore;
  stt: SttConfig;
  /** The VAD (loaded once, on first use). */
  vad: () => Promise<Vad>;
  log: Logger;
  ffmpeg: string;
  /** Decoders working at once (the machine's cores). */
  decoders: number;
  /** Longest audio taken (longer: `too_long`, nothing transcribed). */
  maxDurationMs: number;
  /** How often progress is written (ms). */
  progressEveryMs: number;
  /** The meeting's post-meeting chain, asked for once its transcript is stored. */
  requestPostmeeting: (meetingId: string) => Promise<void>;
}

/** A failure the job reports to people as a code and does not retry. */
export class ImportFailure extends Error {
  override name = 'ImportFailure';
  readonly code: ImportError;
  constructor(code: ImportError) {
    super(code);
    this.code = code;
  }
}

export type ImportOutcome = 'done' | 'already_done' | 'gone';

/** The team's provider with local fallback (a provider without its key: local). */
function recognizerFor(deps: ImportJobDeps, provider: SttProvider | null): SpeechRecognizer {
  const base = deps.stt.recognizer;
  return createRecognizer({
    ...base,
    provider: providerWithKey(base, provider ?? base.provider),
    local: { ...base.local, maxDecoders: deps.decoders },
  });
}

/**
 * Transcribes a meeting's imported file: download, ffmpeg to 16 kHz PCM (per channel when the
 * channels are mapped to speakers), the live VAD + STT pipeline, each final stored as it comes
 * (a retry stores the same segment ids again, which are skipped), progress on the import row;
 * then the post-meeting chain is asked for. Throws ImportFailure for bad input.
 */
export async function runImport(
  deps: ImportJobDeps,
  meetingId: string,
  signal?: AbortSignal,
): Promise<ImportOutcome> {
  const { db } = deps;
  const [imp, meeting] = await Promise.all([
    findImport(db, meetingId),
    findMeetingById(db, meetingId),
  ]);
  if (!imp || !meeting) return 'gone';
  if (imp.status === 'done') {
    await deps.requestPostmeeting(meetingId);
    return 'already_done';
  }
  await markImportRunning(db, meetingId);
  const vad = await deps.vad();
  const speakers = imp.speakers;
  const channels = speakers && speakers.length > 1 ? speakers.length : 1;
  const dir = await mkdtemp(join(tmpdir(), 'parley-import-'));
  const file = join(dir, 'input');
  const recognizer = recognizerFor(deps, await findTeamSttProvider(db, meeting.team_id));
  const started = meeting.started_at ?? meeting.created_at;
  const t0 = performance.now();
  const input: { info: InputInfo | null } = { info: null };
  let lastWrite = 0;
  const writes: Promise<unknown>[] = [];
  const casing = meetingCasing(meeting);
  if (speakers) casing.addNames(speakers);
  const transcribers = Array.from({ length: channels }, (_, ch) => {
    const identity = channels > 1 ? `import-ch${ch + 1}` : 'import';
    const name = speakers?.[ch] ?? 'Speaker';
    return new StreamTranscriber({
      vad,
      recognizer,
      language: meeting.language ?? deps.stt.language,
      denoise: deps.stt.denoise,
      gateRms: deps.stt.gateRms,
      maxPendingUtterances: deps.decoders * 2,
      onFinal: (s) => {
        const row: NewTranscriptSegment = {
          meeting_id: meetingId,
          segment_id: `${identity}-${s.startMs}`,
          speaker_identity: identity,
          speaker_name: name,
          track_id: identity,
          text: casing.apply(s.text),
          start_ms: s.startMs,
          end_ms: s.endMs,
          spoken_at: new Date(started.getTime() + s.startMs),
          language: meeting.language ?? deps.stt.language,
        };
        const w = insertSegments(db, [row]);
        writes.push(w);
        return w.then(() => undefined);
      },
    });
  });
  try {
    const obj = await deps.store.getObject(imp.object_key);
    if (!obj) throw new ImportFailure('object_missing');
    await pipeline(obj, createWriteStream(file), { signal });
    await recognizer.warmup();
    const progress = async (force = false) => {
      const now = performance.now();
      if (!force && now - lastWrite < deps.progressEveryMs) return;
      lastWrite = now;
      const processedMs = transcribers[0]?.processedMs ?? 0;
      const rate = processedMs / Math.max(1, now - t0);
      const total = input.info?.durationMs ?? null;
      const etaSeconds =
        total !== null && rate > 0
          ? Math.max(0, Math.round((total - processedMs) / rate / 1000))
          : null;
      await updateImportProgress(db, meetingId, {
        processedMs: total !== null ? Math.min(processedMs, total) : processedMs,
        etaSeconds,
        ...(total !== null ? { durationMs: total } : {}),
      });
    };
    const pcm = decodeToPcm(file, {
      ffmpeg: deps.ffmpeg,
      channels,
      signal,
      onInfo: (i) => {
        input.info = i;
      },
    });
    for await (const chunk of pcm) {
      const info = input.info;
      if (info && channels > 1 && info.channels < channels) {
        throw new ImportFailure('channels_mismatch');
      }
      const seen = Math.max(info?.durationMs ?? 0, transcribers[0]?.processedMs ?? 0);
      if (seen > deps.maxDurationMs) throw new ImportFailure('too_long');
      await Promise.all(
        transcribers.map((t, ch) =>
          t.push(channels > 1 ? deinterleave(chunk, ch, channels) : chunk),
        ),
      );
      await progress();
    }
    await Promise.all(transcribers.map((t) => t.finish()));
    await Promise.all(writes);
    await progress(true);
  } catch (err) {
    for (const t of transcribers) t.abort();
    if (err instanceof UndecodableError) throw new ImportFailure('undecodable');
    if (err instanceof RecognitionFailedError) {
      throw new ImportFailure('transcription_failed');
    }
    throw err;
  } finally {
    await recognizer.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
  const total = input.info?.durationMs ?? transcribers[0]?.processedMs ?? 0;
  if (total > 0) await extendImportedMeetingEnd(db, meetingId, new Date(started.getTime() + total));
  deps.log.info(
    { meetingId, audioMs: total, ms: Math.round(performance.now() - t0) },
    'import transcribed',
  );
  // Every line is stored before the chain is asked for, and the chain is queued before the
  // import says done (a page that sees "done" finds the chain's run already there).
  await deps.requestPostmeeting(meetingId);
  await finishImport(db, meetingId, null);
  return 'done';
}

function deinterleave(pcm: Int16Array, ch: number, channels: number): Int16Array {
  const out = new Int16Array(Math.floor(pcm.length / channels));
  for (let i = 0; i < out.length; i++) out[i] = pcm[i * channels + ch] ?? 0;
  return out;
}
