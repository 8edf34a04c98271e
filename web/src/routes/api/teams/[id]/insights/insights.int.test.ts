/**
 * Integration: a team's insights (`GET /api/teams/:id/insights`) through the built server on
 * Postgres — any member reads them (a stranger gets 404, the signed-out 401), every week of the
 * window is there, empty ones too, on the caller's clock; members' speech and items; `weeks`
 * validated naming the field.
 */
import type { ApiTeamInsights } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';

const { api, server, teamMeeting } = useApiServer('web-insights');

describe('team insights', () => {
  it('are read by members, week by week on their clock', async () => {
    const { olga, max, sam, teamId, m } = await teamMeeting();
    const db = server().db;
    const started = new Date(Date.now() - 2 * 3_600_000);
    await db
      .updateTable('meetings')
      .set({
        status: 'ended',
        started_at: started,
        ended_at: new Date(started.getTime() + 30 * 60_000),
      })
      .where('id', '=', m.id)
      .execute();
    await db
      .insertInto('transcript_segments')
      .values(
        [
          [olga.id, 90_000],
          [max.id, 30_000],
        ].map(([who, ms], i) => ({
          meeting_id: m.id,
          segment_id: `s${String(i)}`,
          speaker_identity: String(who),
          speaker_name: 'x',
          track_id: 'TR',
          text: 'words',
          start_ms: i * 100_000,
          end_ms: i * 100_000 + Number(ms),
          spoken_at: started,
        })),
      )
      .execute();
    const path = `/api/teams/${teamId}/insights`;
    const r = await api('GET', path, max);
    expect(r.status).toBe(200);
    const ins = r.body as unknown as ApiTeamInsights;
    expect(ins.timeZone).toBe('UTC');
    expect(ins.weeks).toHaveLength(12);
    // Mondays, a week apart, the last one this week's.
    for (const w of ins.weeks) expect(new Date(`${w.week}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(Date.now() - Date.parse(`${ins.weeks.at(-1)?.week ?? ''}T00:00:00Z`)).toBeLessThan(
      7 * 86_400_000,
    );
    expect(ins.weeks.reduce((a, w) => a + w.meetings, 0)).toBe(1);
    expect(ins.weeks.reduce((a, w) => a + w.minutes, 0)).toBe(30);
    expect(ins.people.map((p) => [p.name, p.talkMinutes, p.talkShare, p.meetings])).toEqual([
      ['Olga', 1.5, 0.75, 0],
      ['Max', 0.5, 0.25, 0],
    ]);
    expect((await api('GET', `${path}?weeks=26`, olga)).body.weeks).toHaveLength(26);

    // The caller's zone: weeks start on Monday in Tokyo.
    await api('PATCH', '/api/me', { ...max, json: { timeZone: 'Asia/Tokyo' } });
    expect((await api('GET', path, max)).body.timeZone).toBe('Asia/Tokyo');

    expect((await api('GET', path, sam)).status).toBe(404);
    expect((await api('GET', path, {})).status).toBe(401);
    for (const q of ['weeks=0', 'weeks=53', 'weeks=x', 'weeks=2.5', 'days=3']) {
      const bad = await api('GET', `${path}?${q}`, olga);
      expect(bad.status, q).toBe(422);
      expect(Object.keys(bad.body.error?.fields ?? {}), q).toHaveLength(1);
    }
  });
});
