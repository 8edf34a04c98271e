/**
 * Integration: recordings and transcript export over the built server, Postgres, Redis, LiveKit
 * and MinIO — members only (guests, strangers and other teams get 404), presigned URLs that
 * expire and answer range requests, downloads as attachments, the host's switch and team
 * retention settings.
 */
import { randomUUID } from 'node:crypto';
import { finishRecording, insertRecording, insertSegments, recordingObjectKey } from '@parley/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { signupUser, type Caller } from '#lib/server/testing/server.ts';
import { oggTone, storeRecording } from '#lib/server/testing/stored-recording.ts';

const TTL = 10;

const { api, createMeeting, createTeam, inviteAndJoin, server } = useApiServer('web-recordings', {
  RECORDING_URL_TTL_SECONDS: String(TTL),
  RECORDING_MODE: 'egress',
});

let ogg: Buffer;
beforeAll(async () => {
  ogg = await oggTone();
});

/** An owner's team with `member` in it. */
async function team(owner: Caller, member: Caller) {
  const teamId = await createTeam(owner, 'Acme');
  await inviteAndJoin(owner, teamId, member, 'member');
  return teamId;
}

const storedRecording = (meetingId: string) => storeRecording(server().db, meetingId, ogg);

describe('recordings API', () => {
  it('lists recordings for members only; guests, strangers and other teams get 404', async () => {
    const owner = await signupUser(server().base, 'Olga');
    const member = await signupUser(server().base, 'Max');
    const stranger = await signupUser(server().base, 'Sid');
    const teamId = await team({ cookie: owner.cookie }, { cookie: member.cookie });
    const m = await createMeeting({ cookie: owner.cookie }, { teamId });
    const rec = await storedRecording(m.id);
    const mine = await api('GET', `/api/meetings/${m.id}/recordings`, { cookie: member.cookie });
    expect(mine.status).toBe(200);
    expect(mine.body.recordings).toEqual([
      expect.objectContaining({ id: rec.id, status: 'completed', durationMs: 3000, mode: 'agent' }),
    ]);
    expect(mine.body.canManage).toBe(false);
    expect(mine.body.recordingAllowed).toBe(false);
    const asOwner = await api('GET', `/api/meetings/${m.id}/recordings`, { cookie: owner.cookie });
    expect(asOwner.body.canManage).toBe(true);
    // A stranger, and a user of another team, learn nothing.
    const other = await signupUser(server().base, 'Otto');
    const otherTeam = await api('POST', '/api/teams', {
      cookie: other.cookie,
      json: { name: 'Rival' },
    });
    expect(otherTeam.status).toBe(201);
    for (const c of [stranger, other]) {
      expect(
        (await api('GET', `/api/meetings/${m.id}/recordings`, { cookie: c.cookie })).status,
      ).toBe(404);
      expect(
        (await api('GET', `/api/meetings/${m.id}/recordings/${rec.id}`, { cookie: c.cookie }))
          .status,
      ).toBe(404);
      expect(
        (await api('GET', `/api/meetings/${m.id}/transcript/export/txt`, { cookie: c.cookie }))
          .status,
      ).toBe(404);
    }
    expect((await api('GET', `/api/meetings/${m.id}/recordings`)).status).toBe(401);
    // A guest of the meeting may join it but not hear its recordings.
    const link = await api('POST', `/api/meetings/${m.id}/guest-links`, {
      cookie: owner.cookie,
      json: {},
    });
    const join = await api('POST', '/api/guest/join', {
      json: { token: String(link.body.token), displayName: 'Gail' },
    });
    const guestCookie = (join.res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    expect(guestCookie).not.toBe('');
    expect(
      (await api('GET', `/api/meetings/${m.id}/recordings`, { cookie: guestCookie })).status,
    ).toBe(404);
    expect(
      (await api('GET', `/api/meetings/${m.id}/recordings/${rec.id}`, { cookie: guestCookie }))
        .status,
    ).toBe(404);
  });

  it('plays through short-lived presigned URLs with range requests; downloads as attachment', async () => {
    const owner = await signupUser(server().base);
    const c = { cookie: owner.cookie };
    const m = await createMeeting(c);
    const rec = await storedRecording(m.id);
    const r = await api('GET', `/api/meetings/${m.id}/recordings/${rec.id}`, c);
    expect(r.status).toBe(200);
    expect(r.body.expiresInSeconds).toBe(TTL);
    const playUrl = String(r.body.playUrl);
    expect(new URL(playUrl).searchParams.get('X-Amz-Expires')).toBe(String(TTL));
    const full = await fetch(playUrl);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.from(await full.arrayBuffer()).equals(ogg)).toBe(true);
    const part = await fetch(playUrl, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${ogg.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(ogg.subarray(100, 200))).toBe(true);
    // A tampered URL is refused.
    const forged = new URL(playUrl);
    forged.searchParams.set('X-Amz-Expires', '604800');
    expect((await fetch(forged)).status).toBe(403);
    // Download: a redirect to a URL that answers with an attachment.
    const d = await api('GET', `/api/meetings/${m.id}/recordings/${rec.id}/download`, c);
    expect(d.status).toBe(303);
    const got = await fetch(d.res.headers.get('location') ?? '');
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toMatch(
      /^attachment; filename="quarterly-review-recording\.ogg"/,
    );
    // Another meeting's recording through this meeting's path, unknown and malformed ids: 404.
    const m2 = await createMeeting(c);
    expect((await api('GET', `/api/meetings/${m2.id}/recordings/${rec.id}`, c)).status).toBe(404);
    expect((await api('GET', `/api/meetings/${m.id}/recordings/${randomUUID()}`, c)).status).toBe(
      404,
    );
    expect((await api('GET', `/api/meetings/${m.id}/recordings/nope`, c)).status).toBe(404);
    // The URL stops working once it expires.
    await new Promise((res) => setTimeout(res, (TTL + 1.5) * 1000));
    expect((await fetch(playUrl)).status).toBe(403);
  }, 30_000);

  it('409 while a recording is still being made; failures show their reason code', async () => {
    const owner = await signupUser(server().base);
    const c = { cookie: owner.cookie };
    const m = await createMeeting(c);
    const id = randomUUID();
    await insertRecording(server().db, {
      id,
      meetingId: m.id,
      mode: 'agent',
      objectKey: recordingObjectKey(m.id, id),
    });
    const r = await api('GET', `/api/meetings/${m.id}/recordings/${id}`, c);
    expect(r.status).toBe(409);
    expect(r.body.error?.code).toBe('not_ready');
    await finishRecording(server().db, id, {
      status: 'failed',
      error: 's3_unavailable',
      keepUpload: true,
    });
    const list = await api('GET', `/api/meetings/${m.id}/recordings`, c);
    expect(list.body.recordings).toEqual([
      expect.objectContaining({ id, status: 'failed', error: 's3_unavailable' }),
    ]);
  });

  it('the host switches recording; members may not; bad input names the field', async () => {
    const owner = await signupUser(server().base);
    const member = await signupUser(server().base);
    const teamId = await team({ cookie: owner.cookie }, { cookie: member.cookie });
    const m = await createMeeting({ cookie: owner.cookie }, { teamId });
    const path = `/api/meetings/${m.id}/recordings/settings`;
    expect(
      (await api('PUT', path, { cookie: member.cookie, json: { allowed: true } })).status,
    ).toBe(403);
    const bad = await api('PUT', path, { cookie: owner.cookie, json: { allowed: 'yes' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error?.fields?.allowed).toBeDefined();
    const ok = await api('PUT', path, { cookie: owner.cookie, json: { allowed: true } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ allowed: true, egress: 'none' }); // not live: nothing to start
    const list = await api('GET', `/api/meetings/${m.id}/recordings`, { cookie: member.cookie });
    expect(list.body.recordingAllowed).toBe(true);
    // On a live meeting the switch acts at once: egress mode tries LiveKit Egress, which is not
    // available here, so the agent records instead (no egress row); off stops nothing.
    await server()
      .db.updateTable('meetings')
      .set({ status: 'live' })
      .where('id', '=', m.id)
      .execute();
    const live = await api('PUT', path, { cookie: owner.cookie, json: { allowed: true } });
    expect(live.body).toEqual({ allowed: true, egress: 'unavailable' });
    const rows = await server()
      .db.selectFrom('recordings')
      .selectAll()
      .where('meeting_id', '=', m.id)
      .execute();
    expect(rows).toEqual([]);
    const off = await api('PUT', path, { cookie: owner.cookie, json: { allowed: false } });
    expect(off.body).toEqual({ allowed: false, egress: 'none' });
  });

  it('exports the transcript as txt, vtt, srt and markdown attachments', async () => {
    const owner = await signupUser(server().base);
    const c = { cookie: owner.cookie };
    const m = await createMeeting(c, { title: 'Board <sync>' });
    await insertSegments(server().db, [
      {
        meeting_id: m.id,
        segment_id: 'TR_a-1200',
        speaker_identity: owner.id,
        speaker_name: 'Ada',
        track_id: 'TR_a',
        text: 'Revenue grew by 12% & margins <held>.',
        start_ms: 1200,
        end_ms: 4000,
        spoken_at: new Date(),
        language: 'en',
      },
    ]);
    const expectations: Record<string, [string, string]> = {
      txt: ['text/plain', '[0:01] Ada: Revenue grew by 12% & margins <held>.'],
      vtt: [
        'text/vtt',
        '00:00:01.200 --> 00:00:04.000\n<v Ada>Revenue grew by 12% &amp; margins &lt;held&gt;.',
      ],
      srt: ['application/x-subrip', '00:00:01,200 --> 00:00:04,000\nAda: Revenue grew'],
      md: ['text/markdown', '**Ada** (0:01): Revenue grew by 12% & margins \\<held\\>\\.'],
    };
    for (const [f, [type, text]] of Object.entries(expectations)) {
      const res = await fetch(`${server().base}/api/meetings/${m.id}/transcript/export/${f}`, {
        headers: { cookie: owner.cookie },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="board-sync-transcript.${f}"`,
      );
      expect(await res.text()).toContain(text);
    }
    // The meeting page shows the section: recordings, export links, transcript lines to click.
    const page = await fetch(`${server().base}/meetings/${m.id}`, {
      headers: { cookie: owner.cookie },
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('data-testid="recordings"');
    expect(html).toContain(`/api/meetings/${m.id}/transcript/export/vtt`);
    expect(html).toContain('data-testid="recording-allowed"'); // the host's switch
    expect(html).toContain('Revenue grew by 12% &amp; margins &lt;held>.');
    const bad = await api('GET', `/api/meetings/${m.id}/transcript/export/docx`, c);
    expect(bad.status).toBe(422);
    expect(bad.body.error?.fields?.format).toBeDefined();
  });

  it('team retention: owners set it, members may not, bad values name the field', async () => {
    const owner = await signupUser(server().base);
    const member = await signupUser(server().base);
    const stranger = await signupUser(server().base);
    const teamId = await team({ cookie: owner.cookie }, { cookie: member.cookie });
    const path = `/api/teams/${teamId}/retention`;
    const initial = await api('GET', path, { cookie: member.cookie });
    expect(initial.body.retention).toEqual({ recordingDays: 30, transcriptDays: null });
    const json = { recordingDays: 7, transcriptDays: 90 };
    expect((await api('PUT', path, { cookie: member.cookie, json })).status).toBe(403);
    expect((await api('PUT', path, { cookie: stranger.cookie, json })).status).toBe(404);
    const bad = await api('PUT', path, {
      cookie: owner.cookie,
      json: { recordingDays: 0, transcriptDays: null },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error?.fields?.recordingDays).toBeDefined();
    const ok = await api('PUT', path, { cookie: owner.cookie, json });
    expect(ok.body.retention).toEqual(json);
  });
});
