// The post-meeting service as the agent runs it (post-meeting worker + webhook worker) on the
// real Postgres and Redis: a team's endpoint receives transcript.ready, summary.ready and
// action_items.ready once per run, signed, with the results in the payload.
import { randomUUID } from 'node:crypto';
import { insertSegments } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { createPostmeetingQueue, requestPostmeeting } from '@parley/services/postmeeting';
import {
  startWebhookReceiver,
  webhookFixture,
  type WebhookReceiver,
} from '@parley/services/testing';
import { type WebhookEnvelope } from '@parley/services/webhooks';
import { devEnv, waitFor } from '@parley/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postmeetingConfigFromEnv } from './config.ts';
import { startPostmeetingService, type PostmeetingService } from './service.ts';

const env = devEnv();
let t: TestDatabase;
let rx: WebhookReceiver;
let service: PostmeetingService;
const prefix = `parley-test-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  t = await createTestDatabase(env.DATABASE_URL ?? '');
  rx = await startWebhookReceiver();
  service = startPostmeetingService(
    postmeetingConfigFromEnv({
      ...env,
      DATABASE_URL: t.url,
      POSTMEETING_QUEUE_PREFIX: prefix,
      POSTMEETING_LLM: 'off',
      EMBEDDINGS_PROVIDER: 'none',
      OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1/32',
      WEBHOOK_BACKOFF_MS: '200',
    }),
  );
});

afterAll(async () => {
  await service?.close();
  await rx?.close();
  await t?.drop();
});

it('the post-meeting steps report their results to the team webhooks, once per run', async () => {
  const db = t.db;
  const { meetingId } = await webhookFixture(db, rx, '/pm', [
    'transcript.ready',
    'summary.ready',
    'action_items.ready',
  ]);
  const lines = [
    'We decided to ship the beta next week.',
    "Bob, can you send the pricing sheet by Friday? I'll send it by Friday.",
  ];
  await insertSegments(
    db,
    lines.map((text, i) => ({
      meeting_id: meetingId,
      segment_id: `s${i}`,
      speaker_identity: i ? 'bob' : 'ada',
      speaker_name: i ? 'Bob' : 'Ada',
      track_id: 'TR',
      text,
      start_ms: i * 5000,
      end_ms: i * 5000 + 4000,
      spoken_at: new Date(),
      language: 'en',
    })),
  );
  const queue = createPostmeetingQueue({ redisUrl: env.REDIS_URL ?? '', prefix });
  try {
    await requestPostmeeting(db, queue, meetingId, 'room_finished');
    await waitFor('three events', () => Promise.resolve(rx.received.size >= 3), 30_000, 100);
  } finally {
    await queue.close();
  }
  const bodies = [...rx.received.values()].map((r) => {
    expect(r.signed).toBe(true);
    return JSON.parse(r.body) as WebhookEnvelope;
  });
  const byType = Object.fromEntries(bodies.map((b) => [b.type, b.data]));
  expect(Object.keys(byType).sort()).toEqual([
    'action_items.ready',
    'summary.ready',
    'transcript.ready',
  ]);
  expect(byType['transcript.ready']).toMatchObject({ run: 1, transcript: { segments: 2 } });
  expect(byType['summary.ready']).toMatchObject({ run: 1, summary: { source: 'extractive' } });
  expect(byType['action_items.ready']?.actionItems).not.toHaveLength(0);
  expect(rx.requests).toHaveLength(3);
});
