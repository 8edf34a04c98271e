import { randomUUID } from 'node:crypto';
import { createMeeting, createTeam, createUser, createWebhookEndpoint, type Db } from '@parley/db';
import type { WebhookEventType } from '@parley/protocol';
import { generateWebhookSecret } from '../signing.ts';
import type { WebhookReceiver } from './receiver.ts';

/**
 * A team with one meeting and one endpoint on the receiver taking `events` (tests, benchmarks);
 * the receiver learns the endpoint's secret.
 */
export async function webhookFixture(
  db: Db,
  rx: WebhookReceiver,
  path: string,
  events: WebhookEventType[],
): Promise<{ userId: string; teamId: string; meetingId: string; endpointId: string }> {
  const u = await createUser(db, {
    email: `hooks-${randomUUID()}@example.com`,
    name: 'Hooks',
    passwordHash: 'x',
  });
  if (!u) throw new Error('no user');
  const team = await createTeam(db, { name: 'Hooks', ownerId: u.id });
  const secret = generateWebhookSecret();
  rx.secrets.add(secret);
  const e = await createWebhookEndpoint(db, {
    teamId: team.id,
    url: rx.url(path),
    description: path,
    events,
    secret,
    createdBy: u.id,
  });
  const m = await createMeeting(db, {
    title: 'Acme',
    type: 'general',
    ownerId: u.id,
    teamId: team.id,
  });
  return { userId: u.id, teamId: team.id, meetingId: m.id, endpointId: e.id };
}
