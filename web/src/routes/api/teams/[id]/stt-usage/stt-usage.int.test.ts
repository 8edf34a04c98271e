/**
 * Integration: speech-to-text usage over the built server and Postgres — owners and admins see
 * the seconds each provider was sent (API and team page), members get 403 and no table,
 * strangers 404, a bad window names the field, and other teams' meetings never count.
 */
import { addSttUsage } from '@parley/db';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { signupUser, type Caller } from '#lib/server/testing/server.ts';

const { api, server } = useApiServer('web-stt-usage');

async function team(owner: Caller, name: string): Promise<string> {
  const r = await api('POST', '/api/teams', { ...owner, json: { name } });
  expect(r.status).toBe(201);
  return (r.body.team as { id: string }).id;
}

async function join(owner: Caller, teamId: string, joiner: Caller, role: string): Promise<void> {
  const inv = await api('POST', `/api/teams/${teamId}/invites`, { ...owner, json: { role } });
  expect(inv.status).toBe(201);
  const acc = await api('POST', '/api/invites/accept', {
    ...joiner,
    json: { token: String(inv.body.token) },
  });
  expect(acc.status).toBe(200);
}

async function meeting(c: Caller, teamId: string, title: string): Promise<string> {
  const r = await api('POST', '/api/meetings', { ...c, json: { title, type: 'general', teamId } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body.meeting as { id: string }).id;
}

describe('team STT usage', () => {
  it('admins see seconds per provider and per meeting; members 403, strangers 404', async () => {
    const owner = await signupUser(server().base);
    const admin = await signupUser(server().base);
    const member = await signupUser(server().base);
    const stranger = await signupUser(server().base);
    const teamId = await team(owner, 'Budget');
    await join(owner, teamId, admin, 'admin');
    await join(owner, teamId, member, 'member');
    const otherTeam = await team(stranger, 'Elsewhere');
    const m1 = await meeting(owner, teamId, 'Renewal call');
    const m2 = await meeting(owner, teamId, 'Kick-off');
    const foreign = await meeting(stranger, otherTeam, 'Not theirs');
    await addSttUsage(server().db, m1, 'deepgram', 90_000);
    await addSttUsage(server().db, m1, 'deepgram', 30_000);
    await addSttUsage(server().db, m2, 'openai-realtime', 45_500);
    await addSttUsage(server().db, foreign, 'deepgram', 999_000);

    const path = `/api/teams/${teamId}/stt-usage`;
    const seen = await api('GET', path, admin);
    expect(seen.status).toBe(200);
    expect(seen.body.days).toBe(30);
    expect(seen.body.totals).toEqual([
      { provider: 'deepgram', audioSeconds: 120, meetings: 1 },
      { provider: 'openai-realtime', audioSeconds: 45.5, meetings: 1 },
    ]);
    const rows = seen.body.meetings as { meetingId: string; title: string; audioSeconds: number }[];
    expect(rows.map((r) => r.meetingId).sort()).toEqual([m1, m2].sort());
    expect(rows.find((r) => r.meetingId === m1)).toMatchObject({ title: 'Renewal call' });
    expect((await api('GET', path, owner)).status).toBe(200);

    expect((await api('GET', path, member)).status).toBe(403);
    expect((await api('GET', path, stranger)).status).toBe(404);
    expect((await api('GET', path)).status).toBe(401);
    const bad = await api('GET', `${path}?days=0`, admin);
    expect(bad.status).toBe(422);
    expect(bad.body.error?.fields?.days).toBeDefined();
    const odd = await api('GET', `${path}?days=7&x=1`, admin);
    expect(odd.status).toBe(422);

    const page = async (c: Caller) => {
      const r = await fetch(`${server().base}/teams/${teamId}`, {
        headers: { cookie: c.cookie ?? '' },
      });
      expect(r.status).toBe(200);
      return r.text();
    };
    const adminPage = await page(admin);
    expect(adminPage).toContain('data-testid="stt-usage"');
    expect(adminPage).toContain('2 min');
    expect(adminPage).toContain('46 s');
    expect(await page(member)).not.toContain('data-testid="stt-usage"');
  });
});
