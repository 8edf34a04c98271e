/**
 * Integration: transcript corrections against the built server and Postgres — fix, split, merge,
 * name a speaker; each edit's history; 409 on a stale version (the current line returned); 404 for
 * a line of another meeting, strangers and guests; 403 for a team's plain members; 422 naming the
 * field; search finds the corrected word at once (and not the old one); exports, the transcript
 * and search show the new speaker name; a late re-insert of a merged-away line is skipped.
 */
import { insertSegments } from '@parley/db';
import type { ApiTranscript, ApiTranscriptEdit, TranscriptChange } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { signupUser, type Caller } from '#lib/server/testing/server.ts';

const { api, server, createMeeting, createTeam, inviteAndJoin, guestFor } =
  useApiServer('web-transcript');

const LINES: [string, string, string][] = [
  ['alice', 'Alice', 'We lost the Zanzibar account in March.'],
  ['alice', 'Alice', 'Churn is two percent.'],
  ['bob', 'Bob', 'The budget is forty thousand. We should hire in May.'],
  ['bob', 'Bob', 'And a designer.'],
];

async function meetingWithLines(owner: Caller, json: Record<string, unknown> = {}) {
  const m = await createMeeting(owner, { aiEnabled: false, ...json });
  const start = Date.now() - 600_000;
  await insertSegments(
    server().db,
    LINES.map(([identity, name, text], i) => ({
      meeting_id: m.id,
      segment_id: `TR_${identity}-${i * 5000}`,
      speaker_identity: identity,
      speaker_name: name,
      track_id: `TR_${identity}`,
      text,
      start_ms: i * 5000,
      end_ms: i * 5000 + 4000,
      spoken_at: new Date(start + i * 5000),
      language: 'en',
    })),
  );
  return m;
}

const base = (id: string) => `/api/meetings/${id}/transcript`;
const line = (id: string, seg: string) => `${base(id)}/segments/${encodeURIComponent(seg)}`;

async function transcript(c: Caller, id: string): Promise<ApiTranscript> {
  const r = await api('GET', base(id), c);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as unknown as ApiTranscript;
}

async function search(c: Caller, q: string) {
  const r = await api('GET', `/api/search?q=${encodeURIComponent(q)}`, c);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as { meetingId: string; snippet: string; speaker: string }[];
}

describe('transcript corrections', () => {
  it('fixes a line: stored, versioned, in history, found by search at once, in exports', async () => {
    const owner = await signupUser(server().base, 'Olive Owner');
    const c = { cookie: owner.cookie };
    const m = await meetingWithLines(c);
    const t = await transcript(c, m.id);
    expect(t.canEdit).toBe(true);
    const first = t.segments[0];
    expect(first).toMatchObject({ version: 1, speakerKey: 'alice', text: LINES[0]?.[2] });
    expect((await search(c, 'Zanzibar')).map((h) => h.meetingId)).toEqual([m.id]);

    const r = await api('PATCH', line(m.id, first?.segmentId ?? ''), {
      ...c,
      json: { text: 'We lost the Zanzibari Kettle account in March.', version: 1 },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const change = r.body as unknown as TranscriptChange;
    expect(change.segments[0]?.version).toBe(2);
    expect(change.segments[0]?.text).toContain('Kettle');

    // Search: the new word at once, the old one no more.
    expect((await search(c, 'Kettle')).map((h) => h.meetingId)).toEqual([m.id]);
    expect(await search(c, 'Zanzibar')).toEqual([]);
    // Exports.
    const txt = await api('GET', `${base(m.id)}/export/txt`, c);
    expect(String(txt.body.raw)).toContain('Zanzibari Kettle');

    const h = await api('GET', `${line(m.id, first?.segmentId ?? '')}/history`, c);
    expect(h.status).toBe(200);
    const edits = h.body.edits as ApiTranscriptEdit[];
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({
      kind: 'text',
      user: { id: owner.id, name: 'Olive Owner' },
      before: { text: LINES[0]?.[2] },
      after: { text: 'We lost the Zanzibari Kettle account in March.' },
    });

    // A stale version: 409 with the line as it is now; nothing overwritten.
    const stale = await api('PATCH', line(m.id, first?.segmentId ?? ''), {
      ...c,
      json: { text: 'Someone else’s idea', version: 1 },
    });
    expect(stale.status).toBe(409);
    const current = stale.body.current as { version: number; text: string };
    expect(current.version).toBe(2);
    expect(current.text).toContain('Kettle');
    expect((await transcript(c, m.id)).segments[0]?.text).toContain('Kettle');
    // The agent's spool re-sending that final (the old text) does not overwrite the fix.
    const resent = await insertSegments(server().db, [
      {
        meeting_id: m.id,
        segment_id: first?.segmentId ?? '',
        speaker_identity: 'alice',
        speaker_name: 'Alice',
        track_id: 'TR_alice',
        text: LINES[0]?.[2] ?? '',
        start_ms: 0,
        end_ms: 4000,
        spoken_at: new Date(),
      },
    ]);
    expect(resent).toBe(0);
    expect((await transcript(c, m.id)).segments[0]?.text).toContain('Kettle');
    // Saving the same text again changes nothing (no new version, no history entry).
    const same = await api('PATCH', line(m.id, first?.segmentId ?? ''), {
      ...c,
      json: { text: 'We lost the Zanzibari Kettle account in March.', version: 2 },
    });
    expect(same.status).toBe(200);
    expect((same.body as unknown as TranscriptChange).segments[0]?.version).toBe(2);
    const h2 = await api('GET', `${line(m.id, first?.segmentId ?? '')}/history`, c);
    expect(h2.body.edits as unknown[]).toHaveLength(1);
  });

  it('splits a line in proportion and merges lines of one speaker, never across speakers', async () => {
    const owner = await signupUser(server().base, 'Sam Splitter');
    const c = { cookie: owner.cookie };
    const m = await meetingWithLines(c);
    const segs = (await transcript(c, m.id)).segments;
    const bob = segs[2];
    const offset = (bob?.text ?? '').indexOf('We should');
    const split = await api('POST', `${line(m.id, bob?.segmentId ?? '')}/split`, {
      ...c,
      json: { offset, version: 1 },
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    const [head, tail] = (split.body as unknown as TranscriptChange).segments;
    expect(head).toMatchObject({
      text: 'The budget is forty thousand.',
      version: 2,
      startMs: 10000,
    });
    expect(tail).toMatchObject({ text: 'We should hire in May.', speakerKey: 'bob', version: 1 });
    expect(head?.endMs).toBe(tail?.startMs);
    expect(tail?.startMs).toBeGreaterThan(10000 + 2000);
    expect(tail?.endMs).toBe(14000);
    const after = (await transcript(c, m.id)).segments.map((s) => s.text);
    expect(after).toHaveLength(5);

    // Merge across speakers (Alice's last line → Bob's first): 422 naming the field.
    const across = await api('POST', `${line(m.id, segs[1]?.segmentId ?? '')}/merge`, {
      ...c,
      json: { version: 1 },
    });
    expect(across.status).toBe(422);
    expect(Object.keys(across.body.error?.fields ?? {})).toEqual(['nextSegmentId']);

    // Merge the split's second half with Bob's next line.
    const merge = await api('POST', `${line(m.id, tail?.segmentId ?? '')}/merge`, {
      ...c,
      json: { version: 1, nextSegmentId: segs[3]?.segmentId },
    });
    expect(merge.status, JSON.stringify(merge.body)).toBe(200);
    const mc = merge.body as unknown as TranscriptChange;
    expect(mc.segments[0]?.text).toBe('We should hire in May. And a designer.');
    expect(mc.removed).toEqual([{ segmentId: segs[3]?.segmentId, speakerIdentity: 'bob' }]);
    expect((await transcript(c, m.id)).segments).toHaveLength(4);

    // The merged-away line, re-sent late by the agent's spool, is not stored again.
    const replay = await insertSegments(server().db, [
      {
        meeting_id: m.id,
        segment_id: segs[3]?.segmentId ?? '',
        speaker_identity: 'bob',
        speaker_name: 'Bob',
        track_id: 'TR_bob',
        text: 'And a designer.',
        start_ms: 15000,
        end_ms: 19000,
        spoken_at: new Date(),
      },
    ]);
    expect(replay).toBe(0);
    expect((await transcript(c, m.id)).segments).toHaveLength(4);

    // History of the merged line: the split that made it, then the merge.
    const h = await api('GET', `${line(m.id, tail?.segmentId ?? '')}/history`, c);
    expect((h.body.edits as ApiTranscriptEdit[]).map((e) => e.kind)).toEqual(['merge', 'split']);
  });

  it('names a speaker for the whole meeting: transcript, search, export, new lines', async () => {
    const owner = await signupUser(server().base, 'Nora Namer');
    const c = { cookie: owner.cookie };
    const m = await meetingWithLines(c);
    const r = await api('PUT', `${base(m.id)}/speakers`, {
      ...c,
      json: { speakerKey: 'bob', name: 'Roberta Quince' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.speakers).toEqual([{ speakerKey: 'bob', name: 'Roberta Quince' }]);
    const t = await transcript(c, m.id);
    expect(t.segments.filter((s) => s.speakerKey === 'bob').map((s) => s.speakerName)).toEqual([
      'Roberta Quince',
      'Roberta Quince',
    ]);
    expect(t.speakers.find((s) => s.speakerKey === 'bob')).toMatchObject({
      name: 'Roberta Quince',
      lines: 2,
    });
    expect((await search(c, 'designer'))[0]?.speaker).toBe('Roberta Quince');
    const md = await api('GET', `${base(m.id)}/export/md`, c);
    expect(String(md.body.raw)).toContain('Roberta Quince');
    expect(String(md.body.raw)).not.toMatch(/\bBob\b/);

    // A line the agent stores later gets the chosen name.
    await insertSegments(server().db, [
      {
        meeting_id: m.id,
        segment_id: 'TR_bob-30000',
        speaker_identity: 'bob',
        speaker_name: 'Bob',
        track_id: 'TR_bob',
        text: 'One more thing.',
        start_ms: 30000,
        end_ms: 31000,
        spoken_at: new Date(),
      },
    ]);
    expect((await transcript(c, m.id)).segments.at(-1)?.speakerName).toBe('Roberta Quince');

    // As a member: their account's name; someone outside the meeting: 422 naming userId.
    const asMe = await api('PUT', `${base(m.id)}/speakers`, {
      ...c,
      json: { speakerKey: 'alice', userId: owner.id },
    });
    expect(asMe.status).toBe(200);
    expect(asMe.body.speakers).toEqual([{ speakerKey: 'alice', name: 'Nora Namer' }]);
    const stranger = await signupUser(server().base, 'Not Here');
    const bad = await api('PUT', `${base(m.id)}/speakers`, {
      ...c,
      json: { speakerKey: 'alice', userId: stranger.id },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error?.fields ?? {})).toEqual(['userId']);
    const unknown = await api('PUT', `${base(m.id)}/speakers`, {
      ...c,
      json: { speakerKey: 'nobody', name: 'X' },
    });
    expect(unknown.status).toBe(404);

    // History of one of Bob's lines shows the rename.
    const h = await api('GET', `${line(m.id, 'TR_bob-10000')}/history`, c);
    expect(h.body.edits).toEqual([
      expect.objectContaining({
        kind: 'speaker',
        before: { name: 'Bob', userId: null },
        after: { name: 'Roberta Quince', userId: null },
      }),
    ]);
  });

  it('refuses bad input (422 naming the field) and unknown or foreign lines (404)', async () => {
    const owner = await signupUser(server().base, 'Val Validator');
    const c = { cookie: owner.cookie };
    const m = await meetingWithLines(c);
    const other = await meetingWithLines(c);
    const seg = 'TR_alice-0';
    const cases: [string, string, unknown, string][] = [
      ['PATCH', line(m.id, seg), { text: '   ', version: 1 }, 'text'],
      ['PATCH', line(m.id, seg), { text: 'x'.repeat(5001), version: 1 }, 'text'],
      ['PATCH', line(m.id, seg), { text: 'ok' }, 'version'],
      ['POST', `${line(m.id, seg)}/split`, { offset: 0, version: 1 }, 'offset'],
      ['POST', `${line(m.id, seg)}/split`, { offset: 999, version: 1 }, 'offset'],
      // At the very end: nothing would be left for the second line.
      ['POST', `${line(m.id, seg)}/split`, { offset: LINES[0]?.[2].length, version: 1 }, 'offset'],
      ['PUT', `${base(m.id)}/speakers`, { speakerKey: 'bob', name: '' }, 'name'],
      ['PUT', `${base(m.id)}/speakers`, { speakerKey: 'bob' }, 'name'],
    ];
    for (const [method, path, json, field] of cases) {
      const r = await api(method, path, { ...c, json });
      expect(r.status, `${method} ${path} ${JSON.stringify(json)}`).toBe(422);
      expect(Object.keys((r.body.error as { fields: object }).fields)).toContain(field);
    }
    // The last line has no next one.
    const last = await api('POST', `${line(m.id, 'TR_bob-15000')}/merge`, {
      ...c,
      json: { version: 1 },
    });
    expect(last.status).toBe(422);
    // A line that exists only in another meeting (of the same owner), through this meeting's
    // path: 404 for every kind of edit and for its history; unknown ids too.
    await insertSegments(server().db, [
      {
        meeting_id: other.id,
        segment_id: 'TR_only-other',
        speaker_identity: 'bob',
        speaker_name: 'Bob',
        track_id: 'TR_bob',
        text: 'Only in the other meeting.',
        start_ms: 90_000,
        end_ms: 91_000,
        spoken_at: new Date(),
      },
    ]);
    for (const [method, suffix, json] of [
      ['PATCH', '', { text: 'Mine', version: 1 }],
      ['POST', '/split', { offset: 4, version: 1 }],
      ['POST', '/merge', { version: 1 }],
      ['GET', '/history', undefined],
    ] as const) {
      for (const seg2 of ['TR_only-other', 'no-such-line']) {
        const r = await api(method, `${line(m.id, seg2)}${suffix}`, { ...c, json });
        expect(r.status, `${method} ${seg2}${suffix}`).toBe(404);
      }
    }
    // Same segment id in two meetings: an edit through one meeting leaves the other alone.
    await api('PATCH', line(other.id, seg), { ...c, json: { text: 'Mine', version: 1 } });
    expect((await transcript(c, m.id)).segments[0]?.text).toBe(LINES[0]?.[2]);
    expect((await transcript(c, other.id)).segments[0]?.text).toBe('Mine');
    expect((await transcript(c, other.id)).segments.at(-1)?.text).toBe(
      'Only in the other meeting.',
    );
  });

  it('lets owners and admins edit; plain members read (403); strangers and guests get 404', async () => {
    const owner = await signupUser(server().base, 'Tess Teamowner');
    const admin = await signupUser(server().base, 'Adam Admin');
    const member = await signupUser(server().base, 'Mel Member');
    const stranger = await signupUser(server().base, 'Stan Stranger');
    const teamId = await createTeam({ cookie: owner.cookie });
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: admin.cookie }, 'admin');
    await inviteAndJoin({ cookie: owner.cookie }, teamId, { cookie: member.cookie }, 'member');
    const m = await meetingWithLines({ cookie: owner.cookie }, { teamId });
    const edit = (c: Caller, text: string, version: number) =>
      api('PATCH', line(m.id, 'TR_bob-15000'), { ...c, json: { text, version } });

    expect((await edit({ cookie: admin.cookie }, 'And a designer, soon.', 1)).status).toBe(200);
    const asMember = await edit({ cookie: member.cookie }, 'Member was here', 2);
    expect(asMember.status).toBe(403);
    expect((await transcript({ cookie: member.cookie }, m.id)).canEdit).toBe(false);
    expect((await edit({ cookie: stranger.cookie }, 'Stranger', 2)).status).toBe(404);
    const guest = await guestFor({ cookie: owner.cookie }, m.id);
    expect((await edit({ bearer: guest.bearer }, 'Guest', 2)).status).toBe(404);
    expect((await api('GET', base(m.id), { bearer: guest.bearer })).status).toBe(404);
    const rename = await api('PUT', `${base(m.id)}/speakers`, {
      cookie: member.cookie,
      json: { speakerKey: 'bob', name: 'Member rename' },
    });
    expect(rename.status).toBe(403);
    // Team members are offered as speaker names to editors.
    const t = await transcript({ cookie: admin.cookie }, m.id);
    expect(t.members.map((x) => x.name).sort()).toEqual(
      ['Adam Admin', 'Mel Member', 'Tess Teamowner'].sort(),
    );
  });
});
