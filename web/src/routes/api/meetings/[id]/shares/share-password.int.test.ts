/**
 * Integration: share links with a password, over the built server, Postgres and Redis. Nothing
 * of the meeting (page, API, transcript file, recording) is given until the password is; the
 * cookie it earns is httpOnly and works on its own link only, not after a revocation, nor forged
 * or expired; wrong passwords are limited per link and address; views count only when shown.
 */
import { upsertSummary } from '@parley/db';
import type { ApiShare } from '@parley/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { postForm } from '#lib/server/testing/server.ts';
import { oggTone, storeRecording } from '#lib/server/testing/stored-recording.ts';

const { api, server, teamMeeting } = useApiServer('web-share-password');
const PASSWORD = 'correct horse';

let ogg: Buffer;
beforeAll(async () => {
  ogg = await oggTone();
});

/** The `name=value` of the grant cookie a response set, and its attributes. */
function grantOf(res: Response): { cookie: string; attributes: string } {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('parley_share_')) ?? '';
  const [cookie = '', ...attributes] = set.split('; ');
  return { cookie, attributes: attributes.join('; ') };
}

describe('share links with a password', () => {
  it('show nothing until the password is given, then the meeting, for 12 hours', async () => {
    const { olga, m } = await teamMeeting({ title: 'Board prep' });
    const db = server().db;
    await upsertSummary(db, {
      meetingId: m.id,
      run: 1,
      source: 'extractive',
      overview: 'The round closes in May.',
      keyPoints: [],
      decisions: [],
      openQuestions: [],
    });
    const rec = await storeRecording(db, m.id, ogg);
    const create = (json: unknown) =>
      api('POST', `/api/meetings/${m.id}/shares`, { ...olga, json });
    for (const password of ['short', 'x'.repeat(201), 42]) {
      const r = await create({ password });
      expect(r.status).toBe(422);
      expect(Object.keys(r.body.error?.fields ?? {})).toEqual(['password']);
    }
    const made = await create({ password: PASSWORD, recording: true });
    expect(made.status).toBe(201);
    expect(made.body.share).toMatchObject({ passwordProtected: true });
    const token = String(made.body.token);
    const share = made.body.share as ApiShare;

    // Locked: the API says so, the page asks, the files are not there; no view counted.
    const locked = await api('GET', `/api/shares/${token}`);
    expect([locked.status, locked.body.error?.code]).toEqual([401, 'share_locked']);
    expect(JSON.stringify(locked.body)).not.toContain('Board prep');
    const page = await fetch(`${server().base}/s/${token}`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(html).toContain('needs a password');
    expect(html).not.toContain('Board prep');
    expect(html).not.toContain('The round closes');
    expect((await api('GET', `/s/${token}/transcript/txt`)).status).toBe(404);
    expect((await api('GET', `/s/${token}/recordings/${rec.id}`)).status).toBe(404);

    // A wrong password names the field; the right one earns the cookie.
    const unlock = (password: unknown) =>
      api('POST', `/api/shares/${token}/unlock`, { json: { password } });
    const wrong = await unlock('incorrect horse');
    expect([wrong.status, Object.keys(wrong.body.error?.fields ?? {})]).toEqual([
      422,
      ['password'],
    ]);
    const right = await unlock(PASSWORD);
    expect(right.status).toBe(204);
    const grant = grantOf(right.res);
    expect(grant.cookie).toMatch(new RegExp(`^parley_share_${share.id}=\\d+\\.[\\w-]+$`));
    expect(grant.attributes).toMatch(/HttpOnly/);
    expect(grant.attributes).toMatch(/SameSite=Lax/);
    expect(grant.attributes).toMatch(/Path=\//);
    const expires = Date.parse(/Expires=([^;]+)/.exec(grant.attributes)?.[1] ?? '');
    expect((expires - Date.now()) / 3_600_000).toBeGreaterThan(11.9);
    expect((expires - Date.now()) / 3_600_000).toBeLessThan(12.1);

    const open = await api('GET', `/api/shares/${token}`, { cookie: grant.cookie });
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ meeting: { title: 'Board prep' } });
    expect((await api('GET', `/s/${token}/transcript/txt`, { cookie: grant.cookie })).status).toBe(
      200,
    );
    expect(
      (await api('GET', `/s/${token}/recordings/${rec.id}`, { cookie: grant.cookie })).status,
    ).toBe(302);
    const listed = await api('GET', `/api/meetings/${m.id}/shares`, olga);
    expect(listed.body.items).toMatchObject([{ id: share.id, views: 1 }]);

    // Forged, expired, or another link's cookie: locked still.
    const [name, value = ''] = grant.cookie.split('=');
    const [exp = '', mac = ''] = value.split('.');
    const forged = [
      `${name}=${Number(exp) + 1000}.${mac}`,
      `${name}=${exp}.${mac.slice(1)}A`,
      `${name}=${Date.now() - 1000}.${mac}`,
      `${name}=${value}.extra`,
    ];
    for (const cookie of forged) {
      expect((await api('GET', `/api/shares/${token}`, { cookie })).status).toBe(401);
    }
    const other = await create({ password: PASSWORD });
    const otherToken = String(other.body.token);
    const otherId = (other.body.share as ApiShare).id;
    const moved = `parley_share_${otherId}=${value}`;
    expect((await api('GET', `/api/shares/${otherToken}`, { cookie: moved })).status).toBe(401);

    // The page's own form: a wrong password says so; the right one goes back to the page, open.
    const bad = await postForm(server().base, `/s/${otherToken}?/unlock`, { password: 'nope' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('Wrong password.');
    const good = await postForm(server().base, `/s/${otherToken}?/unlock`, { password: PASSWORD });
    expect(good.status).toBe(303);
    expect(good.res.headers.get('location')).toBe(`/s/${otherToken}`);
    const shown = await fetch(`${server().base}/s/${otherToken}`, {
      headers: { cookie: grantOf(good.res).cookie, accept: 'text/html' },
    });
    expect(await shown.text()).toContain('Board prep');

    // Revoked: the cookie opens nothing.
    expect((await api('DELETE', `/api/meetings/${m.id}/shares/${share.id}`, olga)).status).toBe(
      204,
    );
    expect((await api('GET', `/api/shares/${token}`, { cookie: grant.cookie })).status).toBe(404);
    expect((await unlock(PASSWORD)).status).toBe(404);
  });

  it('limit wrong passwords per link and address', async () => {
    const { olga, m } = await teamMeeting();
    const made = await api('POST', `/api/meetings/${m.id}/shares`, {
      ...olga,
      json: { password: PASSWORD },
    });
    const token = String(made.body.token);
    const unlock = (password: string) =>
      api('POST', `/api/shares/${token}/unlock`, { json: { password } });
    for (let i = 0; i < 10; i++) expect((await unlock(`guess ${i}`)).status).toBe(422);
    const limited = await unlock(PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
