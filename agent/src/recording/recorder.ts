import type { Logger } from '@parley/services/log';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  addRecordingPart,
  finishRecording,
  insertRecording,
  recordingObjectKey,
  setRecordingUpload,
  touchRecording,
  type Db,
  type Recording,
} from '@parley/db';
import { OggOpusEncoder } from './encoder.ts';
import { TimelineMixer } from './mixer.ts';
import type { ObjectStore } from '@parley/services/storage';
import {
  CorruptedUploadError,
  MIN_PART_BYTES,
  MultipartUploader,
  UploadPendingError,
} from './uploader.ts';
import { recordingReady } from './webhook-event.ts';

export interface RecorderOptions {
  /** Local folder for spool files (what is not in S3 yet). */
  spoolDir: string;
  bitrateKbps: number;
  partBytes: number;
  /** How often mixed audio goes to the encoder. */
  tickMs: number;
  /** How long `stop()` keeps trying to store the rest before leaving it to the sweep. */
  finishTimeoutMs: number;
  /** How often the row is touched so sweeps know the recorder is alive. */
  touchMs: number;
  ffmpeg: string;
}

export const defaultRecorderOptions: RecorderOptions = {
  spoolDir: '/tmp/parley-recordings',
  bitrateKbps: 24,
  partBytes: MIN_PART_BYTES,
  tickMs: 500,
  finishTimeoutMs: 20_000,
  touchMs: 10_000,
  ffmpeg: 'ffmpeg',
};

export interface RecorderDeps {
  db: Db;
  store: ObjectStore;
  meetingId: string;
  log: Logger;
  /** Wall clock (tests). */
  now?: () => number;
}

/** Path of a recording's spool file. */
export function spoolPathFor(spoolDir: string, recordingId: string): string {
  return join(spoolDir, `${recordingId}.ogg`);
}

/**
 * The agent-side recorder of one meeting: frames of every microphone (tapped from the STT
 * pipelines, already 16 kHz mono) → TimelineMixer → ffmpeg (Opus in Ogg) → MultipartUploader →
 * S3 at `meetings/<meeting>/recordings/<id>.ogg`, with the `recordings` row kept in step (upload
 * id, parts, heartbeat, final status).
 */
export class MeetingRecorder {
  readonly #d: RecorderDeps;
  readonly #o: RecorderOptions;
  readonly #mixer: TimelineMixer;
  readonly #encoder: OggOpusEncoder;
  readonly #uploader: MultipartUploader;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #now: () => number;
  #stopping: Promise<Recording | undefined> | null = null;
  readonly recording: Recording;

  private constructor(
    d: RecorderDeps,
    o: RecorderOptions,
    recording: Recording,
    uploader: MultipartUploader,
  ) {
    this.#d = d;
    this.#o = o;
    this.#now = d.now ?? Date.now;
    this.recording = recording;
    this.#uploader = uploader;
    this.#mixer = new TimelineMixer(this.#now());
    this.#encoder = new OggOpusEncoder((chunk) => uploader.write(chunk), {
      ffmpeg: o.ffmpeg,
      bitrateKbps: o.bitrateKbps,
    });
    this.#timers.push(
      setInterval(() => this.#encoder.write(this.#mixer.drain(this.#now())), o.tickMs),
      setInterval(() => {
        touchRecording(d.db, recording.id).catch(() => undefined);
      }, o.touchMs),
    );
  }

  /** Creates the row and the spool, then starts mixing (the meeting timeline starts now). */
  static async start(
    deps: RecorderDeps,
    options: Partial<RecorderOptions> = {},
  ): Promise<MeetingRecorder> {
    const o = { ...defaultRecorderOptions, ...options };
    await mkdir(o.spoolDir, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    const recording = await insertRecording(deps.db, {
      id,
      meetingId: deps.meetingId,
      mode: 'agent',
      objectKey: recordingObjectKey(deps.meetingId, id),
      contentType: 'audio/ogg',
      startedAt: new Date((deps.now ?? Date.now)()),
    });
    const log = deps.log;
    const ids = { meetingId: deps.meetingId, recordingId: id };
    const uploader = new MultipartUploader(
      deps.store,
      recording.object_key,
      spoolPathFor(o.spoolDir, id),
      { partBytes: o.partBytes, contentType: 'audio/ogg' },
      {
        onUploadId: (uploadId) =>
          setRecordingUpload(deps.db, id, uploadId).catch((err: unknown) =>
            log.warn({ ...ids, err: String(err) }, 'recording upload id not stored'),
          ),
        onPart: (part) =>
          addRecordingPart(deps.db, id, part).catch((err: unknown) =>
            log.warn({ ...ids, part: part.part, err: String(err) }, 'recording part not noted'),
          ),
        onProblem: (problem, err) =>
          log.warn({ ...ids, problem, err: String(err) }, 'recording upload failing; retrying'),
        onRecovered: () => log.info(ids, 'recording upload recovered'),
      },
    );
    await uploader.start();
    log.info(ids, 'recording started');
    return new MeetingRecorder(deps, o, recording, uploader);
  }

  /** One frame of a track (16 kHz mono s16), received now. */
  push(trackId: string, samples: Int16Array): void {
    if (this.#stopping) return;
    this.#mixer.push(trackId, samples, this.#now());
  }

  removeTrack(trackId: string): void {
    this.#mixer.removeTrack(trackId);
  }

  /** Duration recorded so far (ms). */
  get durationMs(): number {
    return this.#mixer.writtenMs;
  }

  /**
   * Ends the recording: the rest is encoded and stored, the row completed. S3 still down after
   * `finishTimeoutMs`: the row is marked failed (`s3_unavailable`) with the upload kept; the
   * spool stays for the sweep. Idempotent.
   */
  stop(): Promise<Recording | undefined> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<Recording | undefined> {
    for (const t of this.#timers) clearInterval(t);
    const { log } = this.#d;
    const id = this.recording.id;
    const ids = { meetingId: this.#d.meetingId, recordingId: id };
    this.#encoder.write(this.#mixer.finish(this.#now()));
    const durationMs = Math.round(this.#mixer.writtenMs);
    try {
      await this.#encoder.end();
    } catch (err) {
      log.error({ ...ids, err: String(err) }, 'recording encoder failed');
      await this.#uploader.release();
      return this.#mark({
        status: 'failed',
        error: 'encoder_failed',
        durationMs,
        keepUpload: true,
      });
    }
    try {
      const r = await this.#uploader.finish(this.#o.finishTimeoutMs);
      log.info({ ...ids, durationMs, sizeBytes: r.sizeBytes, parts: r.parts }, 'recording stored');
      const done = await this.#mark({ status: 'completed', durationMs, sizeBytes: r.sizeBytes });
      if (done) await recordingReady(this.#d.db, done);
      return done;
    } catch (err) {
      await this.#uploader.release();
      const code =
        err instanceof UploadPendingError
          ? err.problem
          : err instanceof CorruptedUploadError
            ? 'corrupted_upload'
            : 'upload_failed';
      log.error({ ...ids, durationMs, problem: code }, 'recording not stored; left for the sweep');
      return this.#mark({ status: 'failed', error: code, durationMs, keepUpload: true });
    }
  }

  async #mark(end: Parameters<typeof finishRecording>[2]): Promise<Recording | undefined> {
    try {
      return await finishRecording(this.#d.db, this.recording.id, end);
    } catch (err) {
      // The row stays `recording`; the sweep finds it once it is stale.
      this.#d.log.error(
        { recordingId: this.recording.id, err: String(err) },
        'recording end not stored',
      );
      return undefined;
    }
  }

  /** Stops at once without storing the rest (tests: a crash). */
  abandon(): void {
    for (const t of this.#timers) clearInterval(t);
    this.#stopping = Promise.resolve(undefined);
    this.#encoder.kill();
    void this.#uploader.release();
  }
}
