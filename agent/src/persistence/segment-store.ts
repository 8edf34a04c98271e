import type { NewTranscriptSegment } from '@parley/db';
import type { SegmentWriter } from './segment-writer.ts';
import type { SegmentSpool } from './spool.ts';

export interface SegmentStoreOptions {
  /** Without a spool: longest a final waits for Postgres before it is published anyway (ms). */
  dbWaitMs: number;
  /** Longest a spool write may take (ms). */
  spoolTimeoutMs: number;
}

export const defaultSegmentStoreOptions: SegmentStoreOptions = {
  dbWaitMs: 250,
  spoolTimeoutMs: 500,
};

export interface SegmentStoreEvents {
  onSpoolError?: (err: unknown) => void;
}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(resolve, reject).finally(() => clearTimeout(t));
  });
}

/**
 * The path of a final segment: spool (Redis) → publish → Postgres (batched, retried) → out of
 * the spool. `accept` resolves once the segment is safe to show in the room: it is in the spool,
 * or (with no spool) in Postgres or queued for it after a short wait. A new job for the same
 * meeting writes whatever an earlier job left in the spool (`recover`), so a final shown in the
 * room survives a crash of the agent while Postgres is down.
 */
export class SegmentStore {
  readonly #writer: SegmentWriter;
  readonly #spool: SegmentSpool | null;
  readonly #o: SegmentStoreOptions;
  readonly #ev: SegmentStoreEvents;

  constructor(
    writer: SegmentWriter,
    spool: SegmentSpool | null,
    options: Partial<SegmentStoreOptions> = {},
    events: SegmentStoreEvents = {},
  ) {
    this.#writer = writer;
    this.#spool = spool;
    this.#o = { ...defaultSegmentStoreOptions, ...options };
    this.#ev = events;
  }

  async accept(seg: NewTranscriptSegment): Promise<void> {
    const spool = this.#spool;
    const spooled = spool ? within(spool.put(seg), this.#o.spoolTimeoutMs) : null;
    const stored = this.#writer.add(seg);
    if (spool && spooled) {
      void Promise.allSettled([spooled, stored]).then(([s]) => {
        if (s.status === 'fulfilled') {
          spool
            .remove(seg.meeting_id, [seg.segment_id])
            .catch((err: unknown) => this.#ev.onSpoolError?.(err));
        }
      });
      try {
        await spooled;
        return;
      } catch (err) {
        this.#ev.onSpoolError?.(err);
      }
    }
    await Promise.race([stored, new Promise((r) => setTimeout(r, this.#o.dbWaitMs))]);
  }

  /** Writes what an earlier job of this meeting left in the spool; returns how many. */
  async recover(meetingId: string): Promise<number> {
    if (!this.#spool) return 0;
    const left = await this.#spool.pending(meetingId);
    const spool = this.#spool;
    for (const seg of left) {
      void this.#writer
        .add(seg)
        .then(() => spool.remove(meetingId, [seg.segment_id]))
        .catch((err: unknown) => this.#ev.onSpoolError?.(err));
    }
    return left.length;
  }

  /** Writes what is queued now (e.g. before reading the transcript back); how many are left. */
  flush(timeoutMs: number): Promise<number> {
    return this.#writer.flush(timeoutMs);
  }

  /** Flushes queued writes; returns how many could not be written. */
  async close(timeoutMs: number): Promise<number> {
    const left = await this.#writer.close(timeoutMs);
    await this.#spool?.close();
    return left;
  }
}
