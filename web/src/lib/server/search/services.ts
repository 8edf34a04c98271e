import {
  createPostmeetingQueue,
  requestPostmeeting,
  type PostmeetingQueue,
  type PostmeetingTrigger,
} from '@parley/services/postmeeting';
import { createIndexing, type Indexing } from '@parley/services/indexing';
import { JsonChatClient } from '@parley/services/llm';
import type { Db } from '@parley/db';
import { config } from '../config.ts';
import { getDb } from '../db.ts';
import { reportError } from '../http/report.ts';
import { withTimeout } from '../timeout.ts';

// Process-wide handles of the post-meeting queue, the semantic index and the "ask" model,
// created on first use from the validated config.

let queue: PostmeetingQueue | undefined;
let indexing: Indexing | null | undefined;
let chat: JsonChatClient | null | undefined;

export function postmeetingQueue(): PostmeetingQueue {
  queue ??= createPostmeetingQueue({
    redisUrl: config().redisUrl,
    prefix: config().postmeetingQueuePrefix,
  });
  return queue;
}

/** The semantic index, or null when no embeddings provider is configured. */
export function semanticIndex(): Indexing | null {
  if (indexing === undefined) indexing = createIndexing(config().indexing, getDb());
  return indexing;
}

export function askModel(): JsonChatClient | null {
  if (chat === undefined) {
    const c = config().askLlm;
    chat = c
      ? new JsonChatClient({
          apiKey: c.apiKey,
          baseURL: c.baseURL,
          model: c.model,
          timeoutMs: c.timeoutMs,
          maxRetries: 1,
          maxTokens: 700,
        })
      : null;
  }
  return chat;
}

/**
 * Queues the post-meeting chain after a meeting ended (room_finished or "end meeting"). Never
 * throws: a meeting must end even when Redis is down; the failure is reported, and a host can
 * start the chain later from the meeting page.
 */
export async function enqueuePostmeeting(
  db: Db,
  meetingId: string,
  trigger: PostmeetingTrigger,
): Promise<void> {
  try {
    // Bounded: a webhook or "end meeting" must not hang on an unreachable Redis.
    await withTimeout(
      requestPostmeeting(db, postmeetingQueue(), meetingId, trigger),
      3_000,
      'post-meeting enqueue',
    );
  } catch (err) {
    reportError(err, { method: 'ENQUEUE', path: `/meetings/${meetingId}/postmeeting` });
  }
}
