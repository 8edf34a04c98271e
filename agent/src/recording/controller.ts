import type { Logger } from '@parley/services/log';
import type { Room } from '@livekit/rtc-node';
import { activeRecording, isRecordingAllowed, type Db } from '@parley/db';
import { ATTR_RECORDING, type RecordingIndicator } from '@parley/protocol';
import type { MeetingRecorder } from './recorder.ts';

/** How recordings are made (RECORDING_MODE). */
export type RecordingMode = 'egress' | 'agent' | 'off';

export interface RecordingControllerDeps {
  db: Db;
  room: Pick<Room, 'localParticipant'>;
  meetingId: string;
  mode: RecordingMode;
  /** Starts the agent-side recorder (MeetingRecorder.start with the job's settings). */
  startRecorder: () => Promise<MeetingRecorder>;
  log: Logger;
}

export interface RecordingControllerOptions {
  /** How often the host's switch and egress state are read. */
  pollMs: number;
  /** In egress mode, how long to wait for the server's egress before recording here instead. */
  egressWaitMs: number;
}

export const defaultControllerOptions: RecordingControllerOptions = {
  pollMs: 3_000,
  egressWaitMs: 4_000,
};

/**
 * Decides, while the agent is in a meeting, whether it records: only while the host allows it
 * (`meetings.recording_allowed`, read every `pollMs`), never in `off` mode, and in `egress` mode
 * only when no egress recording runs (the fallback when LiveKit Egress is unavailable or fails).
 * Publishes the state as the agent's `parley.recording` attribute.
 */
export class RecordingController {
  readonly #d: RecordingControllerDeps;
  readonly #o: RecordingControllerOptions;
  readonly #startedAt = Date.now();
  #recorder: MeetingRecorder | null = null;
  #timer: NodeJS.Timeout | null = null;
  #busy: Promise<void> = Promise.resolve();
  #closed = false;
  #published: string | null = null;
  #sawEgress = false;

  constructor(deps: RecordingControllerDeps, options: Partial<RecordingControllerOptions> = {}) {
    this.#d = deps;
    this.#o = { ...defaultControllerOptions, ...options };
  }

  get recorder(): MeetingRecorder | null {
    return this.#recorder;
  }

  start(): void {
    if (this.#d.mode === 'off') return;
    this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#busy = this.check().finally(() => this.#schedule(this.#o.pollMs));
    }, ms);
  }

  /** One decision (exposed for tests). */
  async check(): Promise<void> {
    const { db, meetingId, log } = this.#d;
    let allowed: boolean;
    let egress = false;
    try {
      allowed = await isRecordingAllowed(db, meetingId);
      if (this.#d.mode === 'egress') egress = !!(await activeRecording(db, meetingId, 'egress'));
    } catch (err) {
      log.warn({ meetingId, err: String(err) }, 'recording state unknown (database); unchanged');
      return;
    }
    if (egress) this.#sawEgress = true;
    // Give the server's egress a moment to appear; once one ran and ended, take over at once.
    const waitingForEgress =
      this.#d.mode === 'egress' &&
      !egress &&
      !this.#sawEgress &&
      Date.now() - this.#startedAt < this.#o.egressWaitMs;
    const want = allowed && !egress && !waitingForEgress && !this.#closed;
    if (want && !this.#recorder) {
      try {
        this.#recorder = await this.#d.startRecorder();
      } catch (err) {
        log.error({ meetingId, err: String(err) }, 'recording could not start; will retry');
      }
    } else if (!want && this.#recorder && !waitingForEgress) {
      const r = this.#recorder;
      this.#recorder = null;
      await r.stop();
    }
    await this.#publish(this.#recorder || egress ? 'on' : 'off');
  }

  async #publish(state: RecordingIndicator): Promise<void> {
    if (this.#published === state) return;
    const lp = this.#d.room.localParticipant;
    if (!lp) return;
    try {
      await lp.setAttributes({ [ATTR_RECORDING]: state });
      this.#published = state;
    } catch (err) {
      this.#d.log.warn({ err: String(err) }, 'recording state not published');
    }
  }

  /** A frame of a microphone (16 kHz mono s16). */
  onAudio(trackId: string, samples: Int16Array): void {
    this.#recorder?.push(trackId, samples);
  }

  /** Stops the recorder (the rest is stored). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#busy.catch(() => undefined);
    const r = this.#recorder;
    this.#recorder = null;
    if (r) await r.stop();
    await this.#publish('off');
  }
}
