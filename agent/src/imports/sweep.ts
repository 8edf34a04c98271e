import { listQueuedImports, type Db } from '@parley/db';
import { enqueueImport, importJobId, type ImportQueue } from '@parley/services/imports';
import type { Logger } from '@parley/services/log';

export interface ImportSweepOptions {
  /** How often to look (ms). */
  everyMs: number;
  /** An import queued longer than this without being taken is queued again (ms). */
  requeueAfterMs: number;
}

export const defaultImportSweep: ImportSweepOptions = { everyMs: 10_000, requeueAfterMs: 30_000 };

const BATCH = 100;

/**
 * Queues again the imports whose upload was stored but whose job never reached the queue (the
 * web app records the import first, then queues it; Redis down at that moment left it
 * `queued` for ever). Adding is idempotent (a job keeps its id), so a sweep on every worker, or
 * one racing the upload, queues nothing twice.
 */
export function startImportSweep(
  deps: { db: Db; queue: ImportQueue; log: Logger },
  o: ImportSweepOptions = defaultImportSweep,
): { sweep: () => Promise<number>; close: () => void } {
  let sweeping = false;
  const sweep = async (): Promise<number> => {
    if (sweeping) return 0;
    sweeping = true;
    try {
      const ids = await listQueuedImports(deps.db, new Date(Date.now() - o.requeueAfterMs), BATCH);
      let queued = 0;
      for (const id of ids) {
        // Waiting behind a long import is not lost: only a missing job is queued again.
        if (await deps.queue.getJob(importJobId(id))) continue;
        await enqueueImport(deps.queue, id);
        queued++;
      }
      if (queued > 0) deps.log.info({ count: queued }, 'imports queued again');
      return queued;
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => {
    sweep().catch((err: unknown) => {
      deps.log.warn({ err: String(err) }, 'import sweep failed');
    });
  }, o.everyMs);
  timer.unref();
  return { sweep, close: () => clearInterval(timer) };
}
