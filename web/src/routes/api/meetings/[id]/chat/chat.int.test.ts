/**
 * Integration: the chat API against the built server and Postgres — who may post and read
 * (members, hosts, this meeting's guests; strangers 404), validation (413 naming `content` over
 * 4,000 characters, 422 empty or malformed, 415, 400), the sender taken from the session, retries
 * by id, history scoping (guests get none) and chat closed once the meeting ended.
 */
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { signupUser, type Caller } from '#lib/server/testing/server.ts';

const { api, server } = useApiServer('web-chat');

async function createMeeting(c: Caller, json: Record<string, unknown> = {}) {
  const r = await api('POST', '/api/meetings', {
    ...c,
    json: { title: 'Chat review', type: 'general', aiEnabled: false, ...json },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.meeting as { id: string };
}

async function guestFor(host: Caller, meetingId: string, displayName: string) {
  const link = await api('POST', `/api/meetings/${meetingId}/guest-links`, { ...host, json: {} });
  expect(link.status).toBe(201);
  const join = await api('POST', '/api/guest/join', {
    json: { token: String(link.body.token), displayName },
  });
  expect(join.status).toBe(201);
  return { bearer: String(join.body.guestToken), identity: String(join.body.identity) };
}

const post = (c: Caller, meetingId: string, json: unknown) =>
  api('POST', `/api/meetings/${meetingId}/chat`, { ...c, json });

interface Msg {
  id: string;
  userId: string;
  userName: string;
  content: string;
  timestamp: number;
}

describe('chat API', () => {
  it('stores messages with the caller as sender; members read the history in order', async () => {
    const owner = await signupUser(server().base, 'Olive Owner');
    const m = await createMeeting({ cookie: owner.cookie });
    const id1 = crypto.randomUUID();
    const r1 = await post({ cookie: owner.cookie }, m.id, {
      id: id1,
      content: 'Hello **all** <script>alert(1)</script>',
    });
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    const stored = r1.body.message as Msg;
    expect(stored).toMatchObject({ id: id1, userId: owner.id, userName: 'Olive Owner' });
    // Stored as sent (markdown source); the room renders it escaped.
    expect(stored.content).toBe('Hello **all** <script>alert(1)</script>');

    // A retry with the same id returns the stored message, not a duplicate.
    const again = await post({ cookie: owner.cookie }, m.id, { id: id1, content: 'changed?' });
    expect(again.status).toBe(201);
    expect((again.body.message as Msg).content).toBe(stored.content);

    const guest = await guestFor({ cookie: owner.cookie }, m.id, 'Gina Guest');
    const r2 = await post({ bearer: guest.bearer }, m.id, {
      id: crypto.randomUUID(),
      content: 'hi',
    });
    expect(r2.status).toBe(201);
    expect(r2.body.message).toMatchObject({ userId: guest.identity, userName: 'Gina Guest' });

    // Someone else cannot reuse an id.
    const stolen = await post({ bearer: guest.bearer }, m.id, { id: id1, content: 'mine now' });
    expect(stolen.status).toBe(409);

    const history = await api('GET', `/api/meetings/${m.id}/chat`, { cookie: owner.cookie });
    expect(history.status).toBe(200);
    const msgs = history.body.messages as Msg[];
    expect(msgs.map((x) => x.content)).toEqual([stored.content, 'hi']);
    // Guests get no history (like the transcript).
    const gh = await api('GET', `/api/meetings/${m.id}/chat`, { bearer: guest.bearer });
    expect(gh.status).toBe(200);
    expect(gh.body.messages).toEqual([]);
  });

  it('refuses bad input with the field named', async () => {
    const owner = await signupUser(server().base);
    const m = await createMeeting({ cookie: owner.cookie });
    const c = { cookie: owner.cookie };
    const long = await post(c, m.id, { id: crypto.randomUUID(), content: 'x'.repeat(4001) });
    expect(long.status).toBe(413);
    expect(long.body.error?.fields?.content).toMatch(/4000/);
    const max = await post(c, m.id, { id: crypto.randomUUID(), content: 'é'.repeat(4000) });
    expect(max.status).toBe(201);
    for (const [json, field] of [
      [{ id: crypto.randomUUID(), content: '' }, 'content'],
      [{ id: crypto.randomUUID(), content: ' \n\t ' }, 'content'],
      [{ id: crypto.randomUUID(), content: 42 }, 'content'],
      [{ id: crypto.randomUUID() }, 'content'],
      [{ id: 'not-a-uuid', content: 'hi' }, 'id'],
      [{ content: 'hi' }, 'id'],
    ] as const) {
      const r = await post(c, m.id, json);
      expect(r.status, JSON.stringify(json)).toBe(422);
      expect(r.body.error?.fields).toHaveProperty(field);
    }
    const extra = await post(c, m.id, { id: crypto.randomUUID(), content: 'hi', userId: 'x' });
    expect(extra.status).toBe(422);
    const form = await api('POST', `/api/meetings/${m.id}/chat`, {
      ...c,
      body: 'content=hi',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const broken = await api('POST', `/api/meetings/${m.id}/chat`, {
      ...c,
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    // Nothing but the one valid message was stored.
    const h = await api('GET', `/api/meetings/${m.id}/chat`, c);
    expect((h.body.messages as Msg[]).length).toBe(1);
  });

  it('hides meetings from strangers, other meetings’ guests and anonymous callers', async () => {
    const owner = await signupUser(server().base);
    const stranger = await signupUser(server().base);
    const m = await createMeeting({ cookie: owner.cookie });
    const other = await createMeeting({ cookie: owner.cookie });
    const otherGuest = await guestFor({ cookie: owner.cookie }, other.id, 'Oscar Other');
    const msg = { id: crypto.randomUUID(), content: 'secret plans' };
    expect((await post({ cookie: stranger.cookie }, m.id, msg)).status).toBe(404);
    expect((await post({ bearer: otherGuest.bearer }, m.id, msg)).status).toBe(404);
    expect((await post({}, m.id, msg)).status).toBe(401);
    expect(
      (await api('GET', `/api/meetings/${m.id}/chat`, { cookie: stranger.cookie })).status,
    ).toBe(404);
    expect(
      (await api('GET', `/api/meetings/${crypto.randomUUID()}/chat`, { cookie: owner.cookie }))
        .status,
    ).toBe(404);
    expect((await api('GET', `/api/meetings/nope/chat`, { cookie: owner.cookie })).status).toBe(
      404,
    );
  });

  it('closes chat once the meeting ended (history stays readable)', async () => {
    const owner = await signupUser(server().base);
    const c = { cookie: owner.cookie };
    const m = await createMeeting(c);
    expect((await post(c, m.id, { id: crypto.randomUUID(), content: 'before' })).status).toBe(201);
    const end = await api('POST', `/api/meetings/${m.id}/end`, c);
    expect(end.status, JSON.stringify(end.body)).toBe(200);
    const after = await post(c, m.id, { id: crypto.randomUUID(), content: 'after' });
    expect(after.status).toBe(409);
    expect(after.body.error?.code).toBe('meeting_ended');
    const h = await api('GET', `/api/meetings/${m.id}/chat`, c);
    expect((h.body.messages as Msg[]).map((x) => x.content)).toEqual(['before']);
  });
});
