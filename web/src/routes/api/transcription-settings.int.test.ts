/**
 * Integration: transcription settings against the built server, Postgres, Redis and LiveKit from
 * `.data/dev.env` — a meeting's language, vocabulary and "no AI" switch (API, validation, who may
 * change them, the pages) and a team's speech-to-text provider.
 */
import { STT_PROVIDERS_KEY, type ApiMeeting } from '@parley/protocol';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { devEnv, ORIGIN, signupUser } from '#lib/server/testing/server.ts';

// A Redis database of its own: the agent workers other tests run say which providers they can
// use on the shared one.
const redisUrl = new URL(devEnv.REDIS_URL ?? 'redis://127.0.0.1:56379');
redisUrl.pathname = '/9';
const redis = new Redis(redisUrl.toString());
afterAll(() => redis.disconnect());

const { api, createMeeting, createTeam, inviteAndJoin, server } = useApiServer(
  'web-transcription-settings',
  { REDIS_URL: redisUrl.toString() },
);

describe('meeting transcription settings', () => {
  it('are created, read and updated through the API (camelCase, defaults)', async () => {
    const owner = await signupUser(server().base, 'Owner Olga');
    const c = { cookie: owner.cookie };
    const plain = await createMeeting(c);
    expect(plain).toMatchObject({ language: null, vocabulary: [], aiEnabled: true });

    const m = await createMeeting(c, {
      language: 'de-DE',
      vocabulary: ['Parley', ' LiveKit ', 'parley', 'Kysely'],
      aiEnabled: false,
    });
    expect(m).toMatchObject({
      language: 'de-DE',
      vocabulary: ['Parley', 'LiveKit', 'Kysely'],
      aiEnabled: false,
    });
    const detail = await api('GET', `/api/meetings/${m.id}`, c);
    expect(detail.status).toBe(200);
    expect(detail.body.meeting).toMatchObject({
      language: 'de-DE',
      vocabulary: ['Parley', 'LiveKit', 'Kysely'],
      aiEnabled: false,
    });
    const row = await server()
      .db.selectFrom('meetings')
      .select(['language', 'vocabulary', 'ai_enabled'])
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      language: 'de-DE',
      vocabulary: ['Parley', 'LiveKit', 'Kysely'],
      ai_enabled: false,
    });

    const patched = await api('PATCH', `/api/meetings/${m.id}`, {
      ...c,
      json: { language: 'en', vocabulary: ['Acme'], aiEnabled: true },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.meeting).toMatchObject({
      language: 'en',
      vocabulary: ['Acme'],
      aiEnabled: true,
    });
    // Partial updates leave the other settings alone; null returns to the server default.
    const again = await api('PATCH', `/api/meetings/${m.id}`, { ...c, json: { language: null } });
    expect(again.body.meeting).toMatchObject({ language: null, vocabulary: ['Acme'] });
    const list = await api('GET', '/api/meetings', c);
    const listed = (list.body.items as ApiMeeting[]).find((x) => x.id === m.id);
    expect(listed).toMatchObject({ language: null, vocabulary: ['Acme'], aiEnabled: true });
  });

  it('answers 422 naming the field for a bad language, too many or too long terms', async () => {
    const owner = await signupUser(server().base);
    const c = { cookie: owner.cookie };
    const m = await createMeeting(c);
    const bad: [Record<string, unknown>, string][] = [
      [{ language: 'english' }, 'language'],
      [{ language: 'en_US' }, 'language'],
      [{ vocabulary: Array.from({ length: 101 }, (_, i) => `term ${i}`) }, 'vocabulary'],
      [{ vocabulary: ['x'.repeat(61)] }, 'vocabulary'],
      [{ vocabulary: [''] }, 'vocabulary'],
      [{ aiEnabled: 'off' }, 'aiEnabled'],
    ];
    for (const [json, field] of bad) {
      for (const r of [
        await api('PATCH', `/api/meetings/${m.id}`, { ...c, json }),
        await api('POST', '/api/meetings', {
          ...c,
          json: { title: 'Bad settings', type: 'general', ...json },
        }),
      ]) {
        expect(r.status, JSON.stringify(json)).toBe(422);
        expect(r.body.error?.code).toBe('validation_failed');
        expect(Object.keys(r.body.error?.fields ?? {})).toEqual([field]);
        expect(r.body.error?.fields?.[field]).toMatch(new RegExp(field));
      }
    }
    const ok = await api('PATCH', `/api/meetings/${m.id}`, {
      ...c,
      json: { vocabulary: Array.from({ length: 100 }, (_, i) => `t${i}`.padEnd(60, 'x')) },
    });
    expect(ok.status).toBe(200);
  });

  it('only hosts change them: team member 403, stranger 404, team admin 200', async () => {
    const owner = await signupUser(server().base, 'Owner Olga');
    const admin = await signupUser(server().base, 'Admin Ann');
    const member = await signupUser(server().base, 'Member Max');
    const stranger = await signupUser(server().base, 'Stranger Sam');
    const teamId = await createTeam({ cookie: owner.cookie });
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: admin.cookie }, 'admin');
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: member.cookie }, 'member');
    const m = await createMeeting({ cookie: owner.cookie }, { teamId });

    for (const json of [{ language: 'fr' }, { vocabulary: ['Secret'] }, { aiEnabled: false }]) {
      const asMember = await api('PATCH', `/api/meetings/${m.id}`, {
        cookie: member.cookie,
        json,
      });
      expect(asMember.status).toBe(403);
      expect(asMember.body.error?.code).toBe('forbidden');
      const asStranger = await api('PATCH', `/api/meetings/${m.id}`, {
        cookie: stranger.cookie,
        json,
      });
      expect(asStranger.status).toBe(404);
      expect(asStranger.body.error?.code).toBe('not_found');
    }
    // Members still read them.
    const read = await api('GET', `/api/meetings/${m.id}`, { cookie: member.cookie });
    expect(read.body.meeting).toMatchObject({ language: null, aiEnabled: true });

    const asAdmin = await api('PATCH', `/api/meetings/${m.id}`, {
      cookie: admin.cookie,
      json: { language: 'fr', vocabulary: ['Acme'] },
    });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.meeting).toMatchObject({ language: 'fr', vocabulary: ['Acme'] });
  });

  it('are in the OpenAPI document', async () => {
    const doc = await api('GET', '/api/openapi.json');
    const text = JSON.stringify(doc.body);
    expect(text).toContain('"aiEnabled"');
    expect(text).toContain('"vocabulary"');
    expect(text).toContain('"sttProvider"');
  });
});

describe('team speech-to-text provider', () => {
  it('is set by owners and admins, refused for members (403) and strangers (404)', async () => {
    const owner = await signupUser(server().base);
    const admin = await signupUser(server().base);
    const member = await signupUser(server().base);
    const stranger = await signupUser(server().base);
    const teamId = await createTeam({ cookie: owner.cookie });
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: admin.cookie }, 'admin');
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: member.cookie }, 'member');

    const before = await api('GET', `/api/teams/${teamId}`, { cookie: member.cookie });
    expect(before.body.team).toMatchObject({ sttProvider: null });

    const set = await api('PATCH', `/api/teams/${teamId}`, {
      cookie: admin.cookie,
      json: { sttProvider: 'openai' },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.team).toMatchObject({ id: teamId, sttProvider: 'openai', role: 'admin' });
    const row = await server()
      .db.selectFrom('teams')
      .select('stt_provider')
      .where('id', '=', teamId)
      .executeTakeFirstOrThrow();
    expect(row.stt_provider).toBe('openai');

    const asMember = await api('PATCH', `/api/teams/${teamId}`, {
      cookie: member.cookie,
      json: { sttProvider: 'local' },
    });
    expect(asMember.status).toBe(403);
    expect(asMember.body.error?.code).toBe('forbidden');
    const asStranger = await api('PATCH', `/api/teams/${teamId}`, {
      cookie: stranger.cookie,
      json: { sttProvider: 'local' },
    });
    expect(asStranger.status).toBe(404);

    const bad = await api('PATCH', `/api/teams/${teamId}`, {
      cookie: owner.cookie,
      json: { sttProvider: 'whisper' },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error?.fields ?? {})).toEqual(['sttProvider']);

    const reset = await api('PATCH', `/api/teams/${teamId}`, {
      cookie: owner.cookie,
      json: { sttProvider: null },
    });
    expect(reset.status).toBe(200);
    const after = await api('GET', `/api/teams/${teamId}`, { cookie: member.cookie });
    expect(after.body.team).toMatchObject({ sttProvider: null });
  });
});

describe('pages', () => {
  const post = (path: string, cookie: string, form: Record<string, string>) =>
    fetch(`${server().base}${path}`, {
      method: 'POST',
      headers: {
        cookie,
        origin: ORIGIN,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });

  it('create and edit forms take language, a vocabulary textarea and the AI switch', async () => {
    const u = await signupUser(server().base);
    const created = await post('/meetings?/create', u.cookie, {
      title: 'Form meeting',
      type: 'general',
      language: 'en-GB',
      vocabulary: 'Parley\nLiveKit, Kysely\n\n',
      // aiEnabled unchecked: absent
    });
    expect(created.status).toBe(303);
    const id = (created.headers.get('location') ?? '').split('/').pop() ?? '';
    const detail = await api('GET', `/api/meetings/${id}`, { cookie: u.cookie });
    expect(detail.body.meeting).toMatchObject({
      language: 'en-GB',
      vocabulary: ['Parley', 'LiveKit', 'Kysely'],
      aiEnabled: false,
    });
    const page = await (
      await fetch(`${server().base}/meetings/${id}`, { headers: { cookie: u.cookie } })
    ).text();
    expect(page).toContain('Off (no agent, no transcript)');

    const bad = await post('/meetings?/create', u.cookie, {
      title: 'Bad form',
      type: 'general',
      language: 'English please',
      vocabulary: 'x'.repeat(61),
      aiEnabled: 'on',
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('language must be a BCP-47 language tag');
    expect(badHtml).toContain('vocabulary terms must be at most 60 characters');

    const edited = await post(`/meetings/${id}?/update`, u.cookie, {
      title: 'Form meeting',
      type: 'general',
      subject: '',
      teamId: '',
      scheduledAt: '',
      checklist: 'Agenda',
      language: '',
      vocabulary: 'Acme, Parley',
      aiEnabled: 'on',
    });
    expect(edited.status).toBe(200);
    const after = await api('GET', `/api/meetings/${id}`, { cookie: u.cookie });
    expect(after.body.meeting).toMatchObject({
      language: null,
      vocabulary: ['Acme', 'Parley'],
      aiEnabled: true,
    });
  });

  it('the room page says when AI is off', async () => {
    const u = await signupUser(server().base);
    const m = await createMeeting({ cookie: u.cookie }, { aiEnabled: false });
    const html = await (
      await fetch(`${server().base}/meetings/${m.id}/room`, { headers: { cookie: u.cookie } })
    ).text();
    expect(html).toContain('AI is off for this meeting');
    const on = await createMeeting({ cookie: u.cookie });
    const htmlOn = await (
      await fetch(`${server().base}/meetings/${on.id}/room`, { headers: { cookie: u.cookie } })
    ).text();
    expect(htmlOn).not.toContain('AI is off for this meeting');
  });

  it('the team page shows the provider; admins set it, members get no form', async () => {
    const owner = await signupUser(server().base);
    const member = await signupUser(server().base);
    const teamId = await createTeam({ cookie: owner.cookie });
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: member.cookie }, 'member');
    const saved = await post(`/teams/${teamId}?/settings`, owner.cookie, { sttProvider: 'local' });
    expect(saved.status).toBe(200);
    const html = await (
      await fetch(`${server().base}/teams/${teamId}`, { headers: { cookie: member.cookie } })
    ).text();
    expect(html).toMatch(/data-testid="team-stt-provider"[^>]*>local</);
    expect(html).not.toContain('action="?/settings"');
    const refused = await post(`/teams/${teamId}?/settings`, member.cookie, {
      sttProvider: 'openai',
    });
    expect(refused.status).toBe(403);
    const bad = await post(`/teams/${teamId}?/settings`, owner.cookie, { sttProvider: 'nope' });
    expect(bad.status).toBe(422);
  });
  it("tells admins (page and API) when the team's provider has no key on this server's agents", async () => {
    await redis.del(STT_PROVIDERS_KEY);
    const owner = await signupUser(server().base);
    const member = await signupUser(server().base);
    const teamId = await createTeam({ cookie: owner.cookie });
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: member.cookie }, 'member');
    const set = await api('PATCH', `/api/teams/${teamId}`, {
      cookie: owner.cookie,
      json: { sttProvider: 'deepgram' },
    });
    expect(set.status).toBe(200);
    const page = async (cookie: string) => {
      const r = await fetch(`${server().base}/teams/${teamId}`, { headers: { cookie } });
      expect(r.status).toBe(200);
      return r.text();
    };
    const KEYLESS = 'data-testid="stt-provider-keyless"';
    const usable = async (cookie: string) =>
      (await api('GET', `/api/teams/${teamId}`, { cookie })).body.usableSttProviders;
    // No worker has said what it can use: nothing is claimed.
    expect(await page(owner.cookie)).not.toContain('no API key');
    expect(await usable(owner.cookie)).toBeNull();
    // A worker with local and OpenAI only (another's old word no longer counts).
    await redis.hset(STT_PROVIDERS_KEY, {
      'host-a:1': JSON.stringify({ providers: ['local', 'openai'], at: Date.now() }),
      'host-b:2': JSON.stringify({ providers: ['deepgram'], at: Date.now() - 3_600_000 }),
    });
    const html = await page(owner.cookie);
    expect(html).toContain('deepgram (no API key on this server)');
    expect(html).toContain('openai-realtime (no API key on this server)');
    expect(html).not.toContain('openai (no API key');
    expect(html).toContain(KEYLESS);
    expect(await usable(owner.cookie)).toEqual(['local', 'openai']);
    // Members do not manage the setting (the room tells everyone during a meeting).
    expect(await page(member.cookie)).not.toContain(KEYLESS);
    expect(await usable(member.cookie)).toBeNull();
    // Once a worker has the key, the warning goes.
    await redis.hset(STT_PROVIDERS_KEY, {
      'host-b:2': JSON.stringify({ providers: ['local', 'deepgram'], at: Date.now() }),
    });
    const after = await page(owner.cookie);
    expect(after).not.toContain(KEYLESS);
    expect(after).not.toContain('deepgram (no API key');
  });
});
