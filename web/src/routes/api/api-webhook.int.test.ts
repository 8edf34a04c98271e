/**
 * Integration: LiveKit webhooks (signatures, replays, attendance, room lifecycle) and the pages
 * (redirects, visibility, form login) against the built server on a fresh Postgres database, with
 * settings from `.data/dev.env`. Form posts send ORIGIN as their Origin header.
 */
import { createHash } from 'node:crypto';
import { listParticipants } from '@parley/db';
import { AccessToken } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { KEY, signWebhook, useApiServer } from '#lib/server/testing/api-server.ts';
import { ORIGIN, signupUser } from '#lib/server/testing/server.ts';

const { createMeeting, server } = useApiServer('web-api-webhook-test');
const signup = (name = 'Ada Lovelace') => signupUser(server().base, name);

/** Posts a webhook with exactly this authorization header (none when omitted). */
async function postWebhook(body: string, authorization?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/webhook+json' };
  if (authorization) headers.authorization = authorization;
  const res = await fetch(`${server().base}/api/livekit/webhook`, {
    method: 'POST',
    headers,
    body,
  });
  return res.status;
}

function joinedEvent(roomName: string, identity: string, id: string, sid = `PA_${id}`) {
  const now = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    event: 'participant_joined',
    id,
    createdAt: String(now),
    room: { sid: 'RM_test', name: roomName },
    participant: { sid, identity, name: 'Ada Lovelace', joinedAt: String(now), kind: 'STANDARD' },
  });
}

// ---------------------------------------------------------------- webhook

describe('LiveKit webhook', () => {
  it('rejects a wrong signature and a tampered body (401), writing nothing', async () => {
    const a = await signup();
    const m = await createMeeting({ cookie: a.cookie });
    const body = joinedEvent(m.roomName, a.id, `EV_bad_${Date.now()}`);
    const forged = new AccessToken(KEY, 'another-secret-of-sufficient-length-123456');
    forged.sha256 = createHash('sha256').update(body).digest('base64');
    expect(await postWebhook(body, await forged.toJwt())).toBe(401);
    expect(await postWebhook(body)).toBe(401);
    const auth = await signWebhook(body);
    expect(await postWebhook(body.replace('Ada Lovelace', 'Eve Mallory'), auth)).toBe(401);
    expect(await listParticipants(server().db, m.id)).toEqual([]);
    const events = await server()
      .db.selectFrom('webhook_events')
      .selectAll()
      .where('room_name', '=', m.roomName)
      .execute();
    expect(events).toEqual([]);
  });

  it('records a participant once, even when the event is replayed', async () => {
    const a = await signup();
    const m = await createMeeting({ cookie: a.cookie });
    const id = `EV_join_${Date.now()}`;
    const body = joinedEvent(m.roomName, a.id, id);
    const auth = await signWebhook(body);
    expect(await postWebhook(body, auth)).toBe(200);
    expect(await postWebhook(body, auth)).toBe(200);
    const rows = await listParticipants(server().db, m.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ identity: a.id, user_id: a.id, name: 'Ada Lovelace' });
    const claimed = await server()
      .db.selectFrom('webhook_events')
      .selectAll()
      .where('id', '=', id)
      .execute();
    expect(claimed).toHaveLength(1);

    // Agents (non-user identities) are recorded with user_id null.
    const agentBody = joinedEvent(m.roomName, 'agent-AJ_123', `EV_agent_${Date.now()}`, 'PA_agent');
    expect(await postWebhook(agentBody, await signWebhook(agentBody))).toBe(200);
    const after = await listParticipants(server().db, m.id);
    expect(after.find((p) => p.identity === 'agent-AJ_123')?.user_id).toBeNull();
  });

  it('tracks room start/finish and participant leave; ignores unknown rooms', async () => {
    const a = await signup();
    const m = await createMeeting({ cookie: a.cookie });
    const now = String(Math.floor(Date.now() / 1000));
    const send = async (payload: object) => {
      const body = JSON.stringify(payload);
      return postWebhook(body, await signWebhook(body));
    };
    const room = { sid: 'RM_x', name: m.roomName };
    expect(
      await send({ event: 'room_started', id: `EV_rs_${now}_${m.id}`, createdAt: now, room }),
    ).toBe(200);
    let row = await server()
      .db.selectFrom('meetings')
      .selectAll()
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('live');
    const joinBody = joinedEvent(m.roomName, a.id, `EV_j_${m.id}`, 'PA_leaver');
    expect(await postWebhook(joinBody, await signWebhook(joinBody))).toBe(200);
    expect(
      await send({
        event: 'participant_left',
        id: `EV_pl_${m.id}`,
        createdAt: now,
        room,
        participant: { sid: 'PA_leaver', identity: a.id, name: 'Ada' },
      }),
    ).toBe(200);
    const [p] = await listParticipants(server().db, m.id);
    expect(p?.left_at).toBeInstanceOf(Date);
    expect(await send({ event: 'room_finished', id: `EV_rf_${m.id}`, createdAt: now, room })).toBe(
      200,
    );
    row = await server()
      .db.selectFrom('meetings')
      .selectAll()
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('ended');
    expect(
      await send({
        event: 'room_started',
        id: `EV_unknown_${m.id}`,
        createdAt: now,
        room: { name: 'other-room' },
      }),
    ).toBe(200);
  });
});

// ---------------------------------------------------------------- pages

describe('pages', () => {
  it('redirect to /login?next=… without a session', async () => {
    for (const p of [
      '/meetings',
      `/meetings/${crypto.randomUUID()}`,
      `/meetings/${crypto.randomUUID()}/room`,
      '/action-items?assignee=anyone',
      '/search?q=churn',
      '/subjects',
      `/subjects/${crypto.randomUUID()}`,
      '/teams',
      '/account',
    ]) {
      const res = await fetch(server().base + p, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(p)}`);
    }
    const root = await fetch(`${server().base}/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/login');
  });

  it('render for a signed-in user; foreign meetings are 404', async () => {
    const a = await signup();
    const b = await signup();
    const m = await createMeeting({ cookie: a.cookie }, { title: 'Visible title' });
    const list = await fetch(`${server().base}/meetings`, { headers: { cookie: a.cookie } });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('Visible title');
    const detail = await fetch(`${server().base}/meetings/${m.id}`, {
      headers: { cookie: a.cookie },
    });
    expect(await detail.text()).toContain('data-testid="join"');
    const foreign = await fetch(`${server().base}/meetings/${m.id}`, {
      headers: { cookie: b.cookie },
    });
    expect(foreign.status).toBe(404);
  });

  it('form login shows a field-independent error and keeps the email', async () => {
    const res = await fetch(`${server().base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: 'email=ghost%40example.com&password=whatever123',
      redirect: 'manual',
    });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('Email or password is incorrect.');
    expect(html).toContain('ghost@example.com');
  });
});
