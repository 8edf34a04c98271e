/**
 * Integration: correcting a meeting's summary (`PUT …/summary`, `POST …/summary/revert`) through
 * the built server on Postgres — the editors only, validation naming the field, the edit shown
 * by `GET …/postmeeting` and kept across a re-run, and the revert; each change (and nothing
 * refused) is a `summary.updated` webhook event for the team's endpoints.
 */
import { createWebhookEndpoint, upsertSummary } from '@parley/db';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';

const { api, server, teamMeeting } = useApiServer('web-summary');

const generated = (n: number) => ({
  overview: `Generated ${n}.`,
  keyPoints: [{ text: `Point ${n}`, segmentId: 'seg-1', startMs: 4000 }],
  decisions: [],
  openQuestions: [],
});

describe('summary edits', () => {
  it('the meeting’s editors correct it; members and strangers cannot; re-runs keep it; revert', async () => {
    const { olga, max, sam, teamId, m } = await teamMeeting();
    const endpoint = await createWebhookEndpoint(server().db, {
      teamId,
      url: 'https://hooks.example.com/parley',
      description: '',
      events: ['summary.updated'],
      secret: 'whsec_test',
      createdBy: olga.id,
    });
    const put = (c: { cookie: string }, json: unknown) =>
      api('PUT', `/api/meetings/${m.id}/summary`, { ...c, json });
    const mine = {
      overview: 'We agreed on the pilot.',
      keyPoints: [{ text: 'Point 1, in our words', segmentId: 'seg-1', startMs: 4000 }],
      decisions: [{ text: 'Start the pilot in March' }],
      openQuestions: [],
    };

    const early = await put(olga, mine);
    expect([early.status, early.body.error?.code]).toEqual([409, 'no_summary']);
    await upsertSummary(server().db, {
      meetingId: m.id,
      run: 1,
      source: 'extractive',
      ...generated(1),
    });

    expect((await put(sam, mine)).status).toBe(404);
    expect((await put(max, mine)).status).toBe(403);
    for (const [json, field] of [
      [{ ...mine, overview: 'x'.repeat(5001) }, 'overview'],
      [{ ...mine, decisions: [{ text: '  ' }] }, 'decisions'],
      [{ ...mine, keyPoints: 'none' }, 'keyPoints'],
      [{ ...mine, extra: 1 }, '_'], // an unknown key: the body as a whole
    ] as const) {
      const r = await put(olga, json);
      expect(r.status, JSON.stringify(json).slice(0, 60)).toBe(422);
      expect(Object.keys(r.body.error?.fields ?? {})).toEqual([field]);
    }

    const saved = await put(olga, mine);
    expect(saved.status).toBe(200);
    expect(saved.body.summary).toMatchObject({
      overview: 'We agreed on the pilot.',
      decisions: [{ text: 'Start the pilot in March', segmentId: null, startMs: null }],
      edited: { by: 'Olga' },
    });
    // Everyone who may read the meeting sees the corrected one; a re-run keeps it.
    await upsertSummary(server().db, { meetingId: m.id, run: 2, source: 'llm', ...generated(2) });
    const view = await api('GET', `/api/meetings/${m.id}/postmeeting`, max);
    expect(view.body.summary).toMatchObject({ overview: 'We agreed on the pilot.', run: 2 });

    expect((await api('POST', `/api/meetings/${m.id}/summary/revert`, max)).status).toBe(403);
    const back = await api('POST', `/api/meetings/${m.id}/summary/revert`, olga);
    expect(back.status).toBe(200);
    expect(back.body.summary).toMatchObject({ overview: 'Generated 2.', edited: null });

    // The edit and the revert, as the endpoint is told (refused and invalid requests: nothing).
    const events = await server()
      .db.selectFrom('webhook_deliveries')
      .select(['event_type', 'payload'])
      .where('endpoint_id', '=', endpoint.id)
      .orderBy('created_at')
      .execute();
    expect(events.map((e) => e.event_type)).toEqual(['summary.updated', 'summary.updated']);
    expect(events.map((e) => (e.payload as { data: unknown }).data)).toMatchObject([
      {
        meeting: { id: m.id },
        summary: { overview: 'We agreed on the pilot.', edited: { by: 'Olga' } },
      },
      { summary: { overview: 'Generated 2.', edited: null } },
    ]);
  });
});
