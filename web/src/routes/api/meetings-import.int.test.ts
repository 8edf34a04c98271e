/**
 * Integration: uploading recordings against the built server, Postgres, Redis and MinIO — the
 * body streams to the object store, its type is sniffed from its bytes, the size is capped while
 * streaming, and refusals leave no meeting and no object behind. (The job that transcribes it
 * is tested in agent/src/imports.)
 */
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importObjectKey } from '@parley/services/imports';
import { s3ConfigFromEnv } from '@parley/services/env';
import { createObjectStore } from '@parley/services/storage';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { ORIGIN, devEnv, signupUser } from '#lib/server/testing/server.ts';

const CAP = 256 * 1024;
const { api, createMeeting, server } = useApiServer('web-import', {
  IMPORT_MAX_BYTES: String(CAP),
});
const s3 = s3ConfigFromEnv(devEnv);
if (!s3) throw new Error('no S3 settings: run ./pnpmw services up');
const store = createObjectStore(s3);

const dir = mkdtempSync(join(tmpdir(), 'parley-import-web-'));
/** A real file made by ffmpeg (a tone: the web side only stores it). */
function audio(name: string, args: string[], seconds = 2): Buffer {
  const out = join(dir, name);
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}`,
    ...args,
    out,
  ]);
  return readFileSync(out);
}

/** What the upload answers (a success's fields, or the error envelope). */
interface UploadBody {
  meeting: { id: string };
  import: { format: string };
  error: { code: string };
}

async function upload(
  path: string,
  body: Buffer | ReadableStream<Uint8Array>,
  opts: { cookie?: string; headers?: Record<string, string> } = {},
) {
  const res = await fetch(server().base + path, {
    method: 'POST',
    headers: {
      origin: ORIGIN,
      'content-type': 'text/plain',
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...opts.headers,
    },
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as UploadBody };
}

/**
 * An upload refused before its body is read: the server answers and closes while the client
 * is still sending, which fetch reports as a failure, so this reads the answer with node:http.
 * `chunked`: no Content-Length, the body in 16 KiB writes (the cap must hold while streaming).
 */
function refusedUpload(path: string, body: Buffer, cookie: string, chunked = false) {
  return new Promise<{ status: number; code: string }>((resolve, reject) => {
    const url = new URL(server().base + path);
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          cookie,
          'content-type': 'application/octet-stream',
          ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': body.length }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          const j = JSON.parse(text) as { error?: { code: string } };
          resolve({ status: res.statusCode ?? 0, code: j.error?.code ?? text.slice(0, 200) });
        });
      },
    );
    req.on('error', (err) => (req.writableEnded ? undefined : reject(err)));
    for (let at = 0; at < body.length; at += 16 * 1024)
      req.write(body.subarray(at, at + 16 * 1024));
    req.end();
  });
}

const meetingsOf = (ownerId: string) =>
  server().db.selectFrom('meetings').select('id').where('owner_id', '=', ownerId).execute();

describe('POST /api/meetings/import', () => {
  it('stores a real mp3 sent with a lying Content-Type as a new, ended meeting with a queued import', async () => {
    const u = await signupUser(server().base, 'Ida Importer');
    const mp3 = audio('tone.mp3', ['-c:a', 'libmp3lame']);
    const r = await upload('/api/meetings/import?title=Board%20call&speakers=Ida', mp3, {
      cookie: u.cookie,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.meeting).toMatchObject({ title: 'Board call', status: 'ended' });
    expect(r.body.import).toMatchObject({
      status: 'queued',
      format: 'mp3',
      sizeBytes: mp3.length,
      speakers: ['Ida'],
      percent: 0,
      error: null,
    });
    expect(await store.statSize(importObjectKey(r.body.meeting.id))).toBe(mp3.length);
    const got = await api('GET', `/api/meetings/${r.body.meeting.id}/import`, { cookie: u.cookie });
    expect(got.status).toBe(200);
    expect(got.body.import).toMatchObject({ meetingId: r.body.meeting.id, status: 'queued' });
  });

  it.each([
    ['wav', ['-c:a', 'pcm_s16le']],
    ['m4a', ['-c:a', 'aac']],
    ['ogg', ['-c:a', 'libopus']],
    ['webm', ['-c:a', 'libopus']],
    ['mp4', ['-c:a', 'aac']],
  ])('sniffs %s from its bytes', async (ext, args) => {
    const u = await signupUser(server().base, 'Sniff Sam');
    const r = await upload('/api/meetings/import', audio(`tone.${ext}`, args, 1), {
      cookie: u.cookie,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const format = ext === 'm4a' ? 'mp4' : ext;
    expect(r.body.import.format).toBe(format);
  });

  it('refuses what is not audio (415), an empty file (422) and a file over the cap (413), leaving nothing', async () => {
    const u = await signupUser(server().base, 'Bad Bea');
    const c = { cookie: u.cookie };
    const text = await refusedUpload(
      '/api/meetings/import',
      Buffer.from('hello, this is not audio at all'.repeat(3000)),
      u.cookie,
    );
    expect(text).toEqual({ status: 415, code: 'unsupported_media_type' });
    const short = await upload('/api/meetings/import', Buffer.from('RIFF'), c);
    expect(short.status).toBe(415);
    const empty = await upload('/api/meetings/import', Buffer.alloc(0), c);
    expect(empty.status).toBe(422);
    const big = audio('long.wav', ['-c:a', 'pcm_s16le', '-ar', '16000'], 20);
    expect(big.length).toBeGreaterThan(CAP);
    expect(await refusedUpload('/api/meetings/import', big, u.cookie)).toEqual({
      status: 413,
      code: 'payload_too_large',
    });
    expect(await refusedUpload('/api/meetings/import', big, u.cookie, true)).toEqual({
      status: 413,
      code: 'payload_too_large',
    });
    expect(await meetingsOf(u.id)).toEqual([]);
  });

  it('refuses cross-origin uploads and asks for a sign-in', async () => {
    const u = await signupUser(server().base, 'Csrf Carl');
    const mp3 = audio('tone.mp3', ['-c:a', 'libmp3lame']);
    const cross = await upload('/api/meetings/import', mp3, {
      cookie: u.cookie,
      headers: { origin: 'https://evil.example', 'content-type': 'application/octet-stream' },
    });
    expect(cross.status).toBe(403);
    const anon = await upload('/api/meetings/import', mp3);
    expect(anon.status).toBe(401);
    expect(await meetingsOf(u.id)).toEqual([]);
  });

  it('keeps other requests to a small declared body', async () => {
    const u = await signupUser(server().base, 'Big Body');
    const r = await upload('/api/meetings', Buffer.alloc(600 * 1024, 32), {
      cookie: u.cookie,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(413);
  });
});

describe('POST /api/meetings/{id}/import', () => {
  it('attaches to an ended meeting without a transcript only; foreign meetings are 404', async () => {
    const owner = await signupUser(server().base, 'Owner Oda');
    const other = await signupUser(server().base, 'Other Otto');
    const mp3 = audio('tone.mp3', ['-c:a', 'libmp3lame']);
    const m = await createMeeting({ cookie: owner.cookie });
    const notEnded = await upload(`/api/meetings/${m.id}/import`, mp3, { cookie: owner.cookie });
    expect(notEnded.status).toBe(409);
    expect(notEnded.body.error.code).toBe('meeting_not_ended');
    await server()
      .db.updateTable('meetings')
      .set({ status: 'ended' })
      .where('id', '=', m.id)
      .execute();
    const foreign = await upload(`/api/meetings/${m.id}/import`, mp3, { cookie: other.cookie });
    expect(foreign.status).toBe(404);
    const foreignRead = await api('GET', `/api/meetings/${m.id}/import`, { cookie: other.cookie });
    expect(foreignRead.status).toBe(404);
    expect(
      (await api('GET', `/api/meetings/${m.id}/import`, { cookie: owner.cookie })).status,
    ).toBe(404);
    const ok = await upload(`/api/meetings/${m.id}/import?speakers=Ada,Bob`, mp3, {
      cookie: owner.cookie,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    expect(ok.body.import).toMatchObject({ meetingId: m.id, speakers: ['Ada', 'Bob'] });
    const again = await upload(`/api/meetings/${m.id}/import`, mp3, { cookie: owner.cookie });
    expect(again.status).toBe(409);

    const withLines = await createMeeting({ cookie: owner.cookie });
    await server()
      .db.updateTable('meetings')
      .set({ status: 'ended' })
      .where('id', '=', withLines.id)
      .execute();
    await server()
      .db.insertInto('transcript_segments')
      .values({
        meeting_id: withLines.id,
        segment_id: 's1',
        speaker_identity: 'a',
        speaker_name: 'A',
        track_id: 't',
        text: 'hello',
        start_ms: 0,
        end_ms: 500,
        spoken_at: new Date(),
        language: null,
      })
      .execute();
    const has = await upload(`/api/meetings/${withLines.id}/import`, mp3, { cookie: owner.cookie });
    expect(has.status).toBe(409);
    expect(has.body.error.code).toBe('has_transcript');
    const bad = await upload(
      `/api/meetings/${withLines.id}/import?speakers=${'x'.repeat(101)}`,
      mp3,
      { cookie: owner.cookie },
    );
    expect(bad.status).toBe(422);
  });
});
