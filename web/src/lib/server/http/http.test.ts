import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ApiError,
  apiHandler,
  errorBody,
  fieldErrors,
  loggablePath,
  readJson,
  reportError,
  MAX_BODY_BYTES,
} from './index.ts';
import type { RequestEvent } from '@sveltejs/kit';

const schema = z.object({ title: z.string().min(3, 'too short'), n: z.number() });

function req(body: BodyInit | null, contentType: string | null = 'application/json'): Request {
  const headers = new Headers();
  if (contentType) headers.set('content-type', contentType);
  return new Request('http://x/api', { method: 'POST', body, headers });
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (e) {
    return e instanceof ApiError ? e.status : -1;
  }
}

describe('error shape', () => {
  it('omits fields unless given', () => {
    expect(errorBody('x', 'y')).toEqual({ error: { code: 'x', message: 'y' } });
    expect(errorBody('x', 'y', { a: 'b' })).toEqual({
      error: { code: 'x', message: 'y', fields: { a: 'b' } },
    });
  });

  it('maps zod issues to the first message per field', () => {
    const r = schema.safeParse({ title: 'a' });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrors(r.error)).toMatchObject({ title: 'too short' });
  });
});

describe('readJson', () => {
  it('parses and validates', async () => {
    await expect(readJson(req('{"title":"abc","n":1}'), schema)).resolves.toEqual({
      title: 'abc',
      n: 1,
    });
    await expect(
      readJson(req('{"title":"abc","n":1}', 'application/json; charset=utf-8'), schema),
    ).resolves.toBeTruthy();
  });

  it('rejects non-JSON content types with 415', async () => {
    expect(await status(readJson(req('{}', 'text/plain'), schema))).toBe(415);
    expect(await status(readJson(req('{}', null), schema))).toBe(415);
  });

  it('rejects malformed JSON with 400', async () => {
    expect(await status(readJson(req('{nope'), schema))).toBe(400);
  });

  it('rejects bodies over 64 KiB with 413 (declared or streamed)', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(MAX_BODY_BYTES) });
    expect(await status(readJson(req(big), schema))).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const r = new Request('http://x/api', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(await status(readJson(r, schema))).toBe(413);
  });

  it('rejects schema failures with 422 and fields', async () => {
    try {
      await readJson(req('{"title":"a","n":"x"}'), schema);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status).toBe(422);
      expect(Object.keys((e as ApiError).fields ?? {}).sort()).toEqual(['n', 'title']);
    }
  });
});

describe('apiHandler', () => {
  const event = {
    request: new Request('http://x/api/t', { method: 'POST' }),
    url: new URL('http://x/api/t'),
  } as unknown as RequestEvent;

  it('renders ApiError in the standard shape', async () => {
    const h = apiHandler(() => Promise.reject(new ApiError(404, 'not_found', 'Nope')));
    const res = await h(event);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Nope' } });
  });

  it('never leaks unexpected error text', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const h = apiHandler(() => Promise.reject(new Error('secret db password in message')));
    const res = await h(event);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal_error' } });
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});

describe('reportError', () => {
  it("logs a secret link's path without its token", () => {
    const out = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const path of [
      '/reset/S3cretToken',
      '/invite/S3cretToken/x',
      '/g/S3cretToken',
      '/s/S3cretToken/recordings/r1',
      '/api/shares/S3cretToken',
    ]) {
      reportError(new Error('boom'), { method: 'POST', path });
    }
    const lines = out.mock.calls.map((c) => String(c[0]));
    out.mockRestore();
    expect(lines).toHaveLength(5);
    expect(lines.join('\n')).not.toContain('S3cretToken');
    expect(lines.map((l) => (JSON.parse(l) as { path: string }).path)).toEqual([
      '/reset/:token',
      '/invite/:token/x',
      '/g/:token',
      '/s/:token/recordings/r1',
      '/api/shares/:token',
    ]);
  });

  it('keeps every other path as it is', () => {
    for (const p of [
      '/meetings/1/room',
      '/api/meetings/1/token',
      '/api/meetings/1/shares/2',
      '/gallery/x',
      '/search',
      '/',
    ]) {
      expect(loggablePath(p)).toBe(p);
    }
  });
});
