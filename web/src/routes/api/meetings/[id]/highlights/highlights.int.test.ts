/**
 * Integration: marking moments of a meeting (`…/highlights`) through the built server on
 * Postgres — anyone who may read the meeting marks one once it has started (guests, strangers
 * and the signed-out cannot), validation naming the field, timeline order, and deleting one's
 * own or, as a host, anyone's.
 */
import type { ApiHighlight } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';

const { api, server, guestFor, teamMeeting } = useApiServer('web-highlights');

describe('highlights', () => {
  it('members mark moments of a started meeting; each deletes theirs, hosts any', async () => {
    const { olga, max, sam, m } = await teamMeeting();
    const path = `/api/meetings/${m.id}/highlights`;
    const mark = (c: { cookie?: string; bearer?: string }, json: unknown) =>
      api('POST', path, { ...c, json });

    const early = await mark(max, { atMs: 0 });
    expect([early.status, early.body.error?.code]).toEqual([409, 'not_started']);
    await server()
      .db.updateTable('meetings')
      .set({ status: 'live', started_at: new Date(Date.now() - 10 * 60_000) })
      .where('id', '=', m.id)
      .execute();

    expect((await mark(sam, { atMs: 1000 })).status).toBe(404);
    expect((await mark({}, { atMs: 1000 })).status).toBe(401);
    const guest = await guestFor(olga, m.id);
    expect((await mark({ bearer: guest.bearer }, { atMs: 1000 })).status).toBe(404);
    for (const [json, field] of [
      [{}, 'atMs'],
      [{ atMs: -1 }, 'atMs'],
      [{ atMs: 1.5 }, 'atMs'],
      [{ atMs: '1000' }, 'atMs'],
      [{ atMs: 20 * 60_000 }, 'atMs'], // later than now in a meeting 10 minutes old
      [{ atMs: 1000, note: 'x'.repeat(501) }, 'note'],
      [{ atMs: 1000, note: 7 }, 'note'],
      [{ atMs: 1000, when: 'now' }, '_'],
    ] as const) {
      const r = await mark(max, json);
      expect(r.status, JSON.stringify(json).slice(0, 60)).toBe(422);
      expect(Object.keys(r.body.error?.fields ?? {})).toEqual([field]);
    }

    const maxs = await mark(max, { atMs: 60_000, note: '  Pricing objection ' });
    expect(maxs.status).toBe(201);
    expect(maxs.body.highlight).toMatchObject({
      atMs: 60_000,
      author: 'Max',
      note: 'Pricing objection',
      canDelete: true,
    });
    const olgas = await mark(olga, { atMs: 30_000, note: '   ' });
    expect((olgas.body.highlight as ApiHighlight).note).toBeNull();

    const seen = async (c: { cookie: string }) =>
      ((await api('GET', path, c)).body.items as ApiHighlight[]).map((h) => [
        h.atMs,
        h.author,
        h.canDelete,
      ]);
    expect(await seen(max)).toEqual([
      [30_000, 'Olga', false],
      [60_000, 'Max', true],
    ]);
    expect(await seen(olga)).toEqual([
      [30_000, 'Olga', true],
      [60_000, 'Max', true],
    ]);
    expect((await api('GET', path, sam)).status).toBe(404);

    const olgaId = (olgas.body.highlight as ApiHighlight).id;
    const maxId = (maxs.body.highlight as ApiHighlight).id;
    expect((await api('DELETE', `${path}/${olgaId}`, max)).status).toBe(404);
    expect((await api('DELETE', `${path}/not-a-uuid`, olga)).status).toBe(404);
    expect((await api('DELETE', `${path}/${maxId}`, olga)).status).toBe(204);
    expect((await api('DELETE', `${path}/${olgaId}`, olga)).status).toBe(204);
    expect(await seen(max)).toEqual([]);
  });
});
