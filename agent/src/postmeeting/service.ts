import { createDb } from '@parley/db';
import type { Worker } from 'bullmq';
import { createIndexing } from '@parley/services/indexing';
import { JsonChatClient } from '@parley/services/llm';
import { createLogger, type Logger } from '@parley/services/log';
import { RedisSpool } from '../persistence/spool.ts';
import type { PostmeetingConfig } from './config.ts';
import type { PipelineDeps } from './steps/types.ts';
import { startPostmeetingWorker } from './worker.ts';
import type { PostmeetingJobData } from '@parley/services/postmeeting';

export interface PostmeetingService {
  worker: Worker<PostmeetingJobData>;
  /** Stops taking jobs, lets running ones finish (up to BullMQ's close), closes connections. */
  close: () => Promise<void>;
}

/** The post-meeting worker's logger: ids, counts and codes only. */
export const postmeetingLogger: Logger = createLogger({ service: 'parley-postmeeting' });

/** Builds the pipeline's dependencies from config and starts a worker. */
export function startPostmeetingService(
  config: PostmeetingConfig,
  overrides: Partial<PipelineDeps> = {},
): PostmeetingService {
  const db = createDb({ url: config.databaseUrl, poolMax: Math.max(2, config.concurrency + 1) });
  const spool = new RedisSpool(config.redisUrl);
  const deps: PipelineDeps = {
    db,
    spool,
    llm: config.llm
      ? new JsonChatClient({
          apiKey: config.llm.apiKey,
          baseURL: config.llm.baseURL,
          model: config.llm.model,
          timeoutMs: config.llm.timeoutMs,
        })
      : null,
    indexing: createIndexing(config.indexing, db),
    log: postmeetingLogger,
    promptChars: config.promptChars,
    ...overrides,
  };
  const worker = startPostmeetingWorker(deps, {
    redisUrl: config.redisUrl,
    prefix: config.prefix,
    concurrency: config.concurrency,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
  });
  return {
    worker,
    close: async () => {
      await worker.close();
      await spool.close();
      await deps.indexing?.store.close();
      await db.destroy();
    },
  };
}
