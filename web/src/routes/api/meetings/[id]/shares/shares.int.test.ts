/**
 * Integration: read-only share links over the built server, Postgres, Redis and MinIO — hosts
 * make and revoke them (members 403, strangers 404), validation naming the field, what a link
 * shows to someone without an account (the recap always; transcript and recording only when
 * included; rejected action items never), the recording through a fresh redirect, the page's
 * headers, view counts, and 404 once revoked, expired or malformed.
 */
import {
  createActionItem,
  editSummary,
  insertSegments,
  sql,
  updateActionItem,
  upsertSummary,
} from '@parley/db';
import type { ApiShare } from '@parley/protocol';

import { beforeAll, describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { oggTone, storeRecording } from '#lib/server/testing/stored-recording.ts';

const { api, server, createMeeting, teamMeeting } = useApiServer('web-shares');

let ogg: Buffer;
beforeAll(async () => {
  ogg = await oggTone();
});

describe('share links', () => {
  it('hosts share the recap, and the transcript and recording when they choose', async () => {
    const { olga, max, sam, m } = await teamMeeting({ title: 'Quarterly review' });
    const db = server().db;
    await upsertSummary(db, {
      meetingId: m.id,
      run: 1,
      source: 'extractive',
      overview: 'Revenue grew; the pilot starts in March.',
      keyPoints: [{ text: 'Revenue grew 12%', segmentId: 'TR_a-1200', startMs: 1200 }],
      decisions: [],
      openQuestions: [],
    });
    const kept = await createActionItem(
      db,
      m.id,
      { text: 'Send the deck', ownerIdentity: null, ownerName: 'Ada', dueDate: '2026-12-11' },
      olga.id,
    );
    const dropped = await createActionItem(
      db,
      m.id,
      { text: 'Not a real task', ownerIdentity: null, ownerName: null, dueDate: null },
      olga.id,
    );
    await updateActionItem(db, m.id, dropped.id, { review: 'rejected' }, olga.id);
    await insertSegments(db, [
      {
        meeting_id: m.id,
        segment_id: 'TR_a-1200',
        speaker_identity: olga.id,
        speaker_name: 'Olga',
        track_id: 'TR_a',
        text: 'Revenue grew by twelve percent.',
        start_ms: 1200,
        end_ms: 4000,
        spoken_at: new Date(),
        language: 'en',
      },
    ]);
    const rec = await storeRecording(db, m.id, ogg);
    const create = (c: { cookie: string }, json?: unknown) =>
      api('POST', `/api/meetings/${m.id}/shares`, { ...c, json: json ?? {} });

    // Only hosts share: a member is refused, a stranger learns nothing, nobody signed out.
    expect((await create(max)).status).toBe(403);
    expect((await create(sam)).status).toBe(404);
    expect((await create({ cookie: '' })).status).toBe(401);
    expect((await api('GET', `/api/meetings/${m.id}/shares`, max)).status).toBe(403);
    for (const [json, field] of [
      [{ expiresInDays: 0 }, 'expiresInDays'],
      [{ expiresInDays: 366 }, 'expiresInDays'],
      [{ expiresInDays: 1.5 }, 'expiresInDays'],
      [{ transcript: 'yes' }, 'transcript'],
      [{ recording: 1 }, 'recording'],
      [{ everyone: true }, '_'],
    ] as const) {
      const r = await create(olga, json);
      expect(r.status, JSON.stringify(json)).toBe(422);
      expect(Object.keys(r.body.error?.fields ?? {})).toEqual([field]);
    }

    // The default: 30 days, the recap and the transcript, not the recording.
    const made = await create(olga);
    expect(made.status).toBe(201);
    const token = String(made.body.token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // On the app's public origin (ORIGIN), whatever address the request came to.
    expect(new URL(String(made.body.url)).pathname).toBe(`/s/${token}`);
    expect(made.body.path).toBe(`/s/${token}`);
    expect(made.body.share).toMatchObject({
      createdBy: 'Olga',
      active: true,
      includes: { transcript: true, recording: false },
      views: 0,
    });
    const madeShare = made.body.share as ApiShare;
    const days = (Date.parse(madeShare.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);

    const seen = await api('GET', `/api/shares/${token}`);
    expect(seen.status).toBe(200);
    expect(seen.res.headers.get('cache-control')).toBe('private, no-store');
    expect(seen.res.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(seen.body).toMatchObject({
      meeting: { title: 'Quarterly review', type: 'general' },
      sharedBy: 'Olga',
      summary: {
        overview: 'Revenue grew; the pilot starts in March.',
        keyPoints: [{ text: 'Revenue grew 12%', startMs: 1200 }],
      },
      actionItems: [{ text: 'Send the deck', owner: 'Ada', dueDate: '2026-12-11', status: 'open' }],
      transcript: [
        { startMs: 1200, endMs: 4000, speaker: 'Olga', text: 'Revenue grew by twelve percent.' },
      ],
      recordings: null,
    });
    expect(JSON.stringify(seen.body)).not.toContain(kept.id);
    // The transcript as a file, as members download it; an unknown format names the field.
    const file = await fetch(`${server().base}/s/${token}/transcript/txt`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.txt"$/);
    expect(await file.text()).toContain('Olga: Revenue grew by twelve percent.');
    // The Markdown one opens with who spoke how long.
    const md = await (await fetch(`${server().base}/s/${token}/transcript/md`)).text();
    expect(md).toContain(
      '| Speaker | Talk time | Share |\n| --- | --- | --- |\n| Olga | 0:02 | 100 % |',
    );
    const pdf = await api('GET', `/s/${token}/transcript/pdf`);
    expect([pdf.status, Object.keys(pdf.body.error?.fields ?? {})]).toEqual([422, ['format']]);
    // Not included: the recording cannot be fetched through this link.
    const noRec = await api('GET', `/s/${token}/recordings/${rec.id}`);
    expect(noRec.status).toBe(404);

    // The page itself, for a visitor without an account.
    const page = await fetch(`${server().base}/s/${token}`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Quarterly review');
    expect(html).toContain('Revenue grew by twelve percent.');
    expect(html).not.toContain('Not a real task');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('x-robots-tag')).toBe('noindex, nofollow');

    // It shows the meeting as it stands: a corrected summary shows at the next visit.
    await editSummary(
      db,
      m.id,
      { overview: 'Corrected.', keyPoints: [], decisions: [], openQuestions: [] },
      olga.id,
    );
    expect((await api('GET', `/api/shares/${token}`)).body.summary).toMatchObject({
      overview: 'Corrected.',
    });

    // A link with the recording and without the transcript.
    const withRec = await create(olga, { transcript: false, recording: true, expiresInDays: 7 });
    const recToken = String(withRec.body.token);
    const recShare = withRec.body.share as ApiShare;
    const recView = await api('GET', `/api/shares/${recToken}`);
    expect(recView.body.transcript).toBeNull();
    expect((await api('GET', `/s/${recToken}/transcript/txt`)).status).toBe(404);
    expect(recView.body.recordings).toEqual([
      {
        id: rec.id,
        durationMs: 3000,
        offsetMs: 0, // the meeting was never started: the recording is its timeline
        url: `/s/${recToken}/recordings/${rec.id}`,
      },
    ]);
    const redirect = await api('GET', `/s/${recToken}/recordings/${rec.id}`);
    expect(redirect.status).toBe(302);
    const location = redirect.res.headers.get('location') ?? '';
    expect(new URL(location).hostname).toBe('127.0.0.1');
    const audio = await fetch(location);
    expect(audio.status).toBe(200);
    expect(Buffer.from(await audio.arrayBuffer()).equals(ogg)).toBe(true);

    // The hosts' list: newest first, with what each shows and how often it was opened.
    const listed = await api('GET', `/api/meetings/${m.id}/shares`, olga);
    expect(listed.body.items).toMatchObject([
      { id: recShare.id, includes: { transcript: false, recording: true }, views: 1 },
      { id: madeShare.id, views: 3 },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    // Revoked: gone at once for the API, the page and the recording; members cannot revoke.
    const shareId = recShare.id;
    expect((await api('DELETE', `/api/meetings/${m.id}/shares/${shareId}`, max)).status).toBe(403);
    const other = await createMeeting(olga, { title: 'Other' });
    expect((await api('DELETE', `/api/meetings/${other.id}/shares/${shareId}`, olga)).status).toBe(
      404,
    );
    expect((await api('DELETE', `/api/meetings/${m.id}/shares/not-a-uuid`, olga)).status).toBe(404);
    expect((await api('DELETE', `/api/meetings/${m.id}/shares/${shareId}`, olga)).status).toBe(204);
    expect((await api('GET', `/api/shares/${recToken}`)).status).toBe(404);
    expect((await api('GET', `/s/${recToken}/recordings/${rec.id}`)).status).toBe(404);
    const gone = await fetch(`${server().base}/s/${recToken}`, {
      headers: { accept: 'text/html' },
    });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('This link is invalid, revoked or expired.');
    const after = (await api('GET', `/api/meetings/${m.id}/shares`, olga)).body.items as ApiShare[];
    expect(after[0]?.active).toBe(false);
    expect(Date.parse(after[0]?.revokedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);

    // Expired, or not a token at all: the same 404.
    await sql`update meeting_shares set expires_at = now() - interval '1 second'`.execute(db);
    expect((await api('GET', `/api/shares/${token}`)).status).toBe(404);
    expect((await api('GET', `/s/${token}/transcript/txt`)).status).toBe(404);
    expect((await api('GET', '/api/shares/short')).status).toBe(404);
  });
});
