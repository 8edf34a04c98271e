// Audio a meeting sends to paid speech-to-text providers, added up in memory and written to
// the meeting's stt_usage rows every `intervalMs` and when the job ends (a crash loses at most
// one interval). Only what a write confirmed is taken off the tally.
import { addSttUsage, type Db } from '@parley/db';

export interface SttUsageEvents {
  onError?: (err: unknown) => void;
}

export class SttUsageRecorder {
  readonly #db: Db;
  readonly #pending = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;
  readonly #ev: SttUsageEvents;
  #meetingId: string | null = null;
  #flushing: Promise<void> = Promise.resolve();

  constructor(db: Db, intervalMs = 30_000, events: SttUsageEvents = {}) {
    this.#db = db;
    this.#ev = events;
    this.#timer = setInterval(() => void this.flush(), intervalMs);
    this.#timer.unref();
  }

  /** The meeting the audio belongs to (known once the job found it). */
  set meetingId(id: string) {
    this.#meetingId = id;
  }

  /** Audio sent to `provider` (seconds). */
  add(provider: string, seconds: number): void {
    this.#pending.set(provider, (this.#pending.get(provider) ?? 0) + seconds * 1000);
  }

  /** Writes the tally so far (one write at a time). */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#write());
    return this.#flushing;
  }

  async #write(): Promise<void> {
    const meetingId = this.#meetingId;
    if (!meetingId) return;
    for (const [provider, ms] of [...this.#pending]) {
      const whole = Math.floor(ms);
      if (whole <= 0) continue;
      try {
        await addSttUsage(this.#db, meetingId, provider, whole);
        this.#pending.set(provider, (this.#pending.get(provider) ?? 0) - whole);
      } catch (err) {
        this.#ev.onError?.(err);
      }
    }
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
