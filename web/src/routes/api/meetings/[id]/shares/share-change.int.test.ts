/**
 * Integration: changing a share link (`PATCH …/shares/{shareId}`) over the built server and
 * Postgres — a new lifetime counted from now (an expired link works again), a new password (the
 * old password's cookie no longer opens it, the new password does), no password; hosts only,
 * 422 naming the field, 404 for another meeting's link, 409 once revoked.
 */
import type { ApiShare } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';

const { api, server, teamMeeting } = useApiServer('web-share-change');
const DAY = 86_400_000;

describe('changing a share link', () => {
  it('extends, re-keys and opens a link; hosts only; refuses bad input and revoked links', async () => {
    const { olga, max, sam, m } = await teamMeeting({ title: 'Board prep' });
    const made = await api('POST', `/api/meetings/${m.id}/shares`, {
      ...olga,
      json: { password: 'first password', expiresInDays: 7 },
    });
    expect(made.status).toBe(201);
    const token = String(made.body.token);
    const share = made.body.share as ApiShare;
    const patch = (c: { cookie: string }, json: unknown, id = share.id, meeting = m.id) =>
      api('PATCH', `/api/meetings/${meeting}/shares/${id}`, { ...c, json });
    const unlock = (password: string) =>
      api('POST', `/api/shares/${token}/unlock`, { json: { password } });
    const open = (cookie: string) => api('GET', `/api/shares/${token}`, { cookie });

    const first = await unlock('first password');
    const oldCookie = (first.res.headers.getSetCookie()[0] ?? '').split('; ')[0] ?? '';
    expect((await open(oldCookie)).status).toBe(200);

    // Bad input names the field; nothing changes.
    for (const [json, field] of [
      [{ password: 'short' }, 'password'],
      [{ expiresInDays: 0 }, 'expiresInDays'],
      [{ expiresInDays: 366 }, 'expiresInDays'],
      [{ transcript: false }, '_'],
      [{}, '_'],
    ] as const) {
      const r = await patch(olga, json);
      expect(r.status, JSON.stringify(json)).toBe(422);
      expect(Object.keys(r.body.error?.fields ?? {}), JSON.stringify(json)).toEqual([field]);
    }
    expect((await patch(max, { expiresInDays: 30 })).status).toBe(403);
    expect((await patch(sam, { expiresInDays: 30 })).status).toBe(404);
    expect((await patch(olga, { expiresInDays: 30 }, crypto.randomUUID())).status).toBe(404);
    expect((await patch(olga, { expiresInDays: 30 }, 'not-a-uuid')).status).toBe(404);
    const other = await api('POST', '/api/meetings', {
      ...olga,
      json: { title: 'Other', type: 'general' },
    });
    const otherId = (other.body.meeting as { id: string }).id;
    expect((await patch(olga, { expiresInDays: 30 }, share.id, otherId)).status).toBe(404);

    // A new password: the old cookie is asked again, the new password opens it.
    const rekeyed = await patch(olga, { password: 'second password' });
    expect(rekeyed.status).toBe(200);
    expect(rekeyed.body.share).toMatchObject({
      passwordProtected: true,
      expiresAt: share.expiresAt,
    });
    expect((await open(oldCookie)).body.error?.code).toBe('share_locked');
    expect((await unlock('first password')).status).toBe(422);
    expect((await unlock('second password')).status).toBe(204);

    // Expired, then given 90 days from now: it works again, without a password now.
    await server()
      .db.updateTable('meeting_shares')
      .set({ expires_at: new Date(Date.now() - DAY) })
      .where('id', '=', share.id)
      .execute();
    expect((await api('GET', `/api/shares/${token}`)).status).toBe(404);
    const revived = await patch(olga, { expiresInDays: 90, password: null });
    expect(revived.status).toBe(200);
    const now = revived.body.share as ApiShare;
    expect(now).toMatchObject({ active: true, passwordProtected: false });
    expect(Math.abs(Date.parse(now.expiresAt) - (Date.now() + 90 * DAY))).toBeLessThan(60_000);
    const opened = await api('GET', `/api/shares/${token}`);
    expect(opened.status).toBe(200);
    expect(opened.body.meeting).toMatchObject({ title: 'Board prep' });

    // Revoked: no change brings it back.
    expect((await api('DELETE', `/api/meetings/${m.id}/shares/${share.id}`, olga)).status).toBe(
      204,
    );
    const late = await patch(olga, { expiresInDays: 30 });
    expect([late.status, late.body.error?.code]).toEqual([409, 'share_revoked']);
    expect((await api('GET', `/api/shares/${token}`)).status).toBe(404);
  });
});
