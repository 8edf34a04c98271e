import type { Db, NewTranscriptSegment } from '@parley/db';
import { insertSegments } from '@parley/db';

export interface SegmentWriterOptions {
  /** Longest a segment waits before its batch is written, in ms. */
  batchDelayMs: number;
  /** Largest batch written at once. */
  maxBatch: number;
  /** First retry delay after a failed write; doubles up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Segments kept in memory while the database is unreachable. */
  maxBuffered: number;
}

export const defaultSegmentWriterOptions: SegmentWriterOptions = {
  batchDelayMs: 50,
  maxBatch: 100,
  retryDelayMs: 250,
  maxRetryDelayMs: 5_000,
  maxBuffered: 50_000,
};

export interface SegmentWriterEvents {
  onStored?: (count: number) => void;
  onError?: (err: unknown, buffered: number) => void;
}

type Write = (segments: NewTranscriptSegment[]) => Promise<number>;

/**
 * Writes final segments to Postgres in small batches. A failed write keeps the batch and
 * retries with backoff until the database answers again; inserts are idempotent on
 * (meeting, segment id), so a retried batch never duplicates a row.
 */
export class SegmentWriter {
  readonly #write: Write;
  readonly #o: SegmentWriterOptions;
  readonly #ev: SegmentWriterEvents;
  #queue: { seg: NewTranscriptSegment; done: () => void }[] = [];
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #delay: number;
  #closed = false;

  constructor(
    target: Db | Write,
    options: Partial<SegmentWriterOptions> = {},
    events: SegmentWriterEvents = {},
  ) {
    this.#write = typeof target === 'function' ? target : (s) => insertSegments(target, s);
    this.#o = { ...defaultSegmentWriterOptions, ...options };
    this.#ev = events;
    this.#delay = this.#o.retryDelayMs;
  }

  /** Segments waiting to be written. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Queues a segment; resolves once it is stored (it stays queued while the database is down). */
  add(seg: NewTranscriptSegment): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('segment writer is closed'));
    return new Promise((resolve) => {
      if (this.#queue.length >= this.#o.maxBuffered) {
        // Never silently: the oldest is dropped only past a very large bound.
        const dropped = this.#queue.shift();
        dropped?.done();
        this.#ev.onError?.(
          new Error('segment buffer full; oldest segment dropped'),
          this.#queue.length,
        );
      }
      this.#queue.push({ seg, done: resolve });
      this.#schedule(this.#o.batchDelayMs);
    });
  }

  #schedule(ms: number): void {
    if (this.#timer || this.#running) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#running = this.#drain().finally(() => {
        this.#running = null;
        if (this.#queue.length > 0) this.#schedule(this.#delay);
      });
    }, ms);
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, this.#o.maxBatch);
      try {
        await this.#write(batch.map((b) => b.seg));
      } catch (err) {
        this.#ev.onError?.(err, this.#queue.length);
        this.#delay = Math.min(this.#delay * 2, this.#o.maxRetryDelayMs);
        return;
      }
      this.#delay = this.#o.retryDelayMs;
      this.#queue.splice(0, batch.length);
      for (const b of batch) b.done();
      this.#ev.onStored?.(batch.length);
    }
  }

  /** Writes everything queued, retrying for up to `timeoutMs`; returns how many are still unwritten. */
  async flush(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length > 0 && Date.now() < deadline) {
      if (this.#timer) {
        clearTimeout(this.#timer);
        this.#timer = null;
      }
      if (this.#running) await this.#running;
      else {
        this.#running = this.#drain().finally(() => (this.#running = null));
        await this.#running;
      }
      if (this.#queue.length > 0)
        await new Promise((r) => setTimeout(r, Math.min(this.#delay, 500)));
    }
    return this.#queue.length;
  }

  async close(timeoutMs = 10_000): Promise<number> {
    const left = await this.flush(timeoutMs);
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    return left;
  }
}
