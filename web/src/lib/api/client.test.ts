import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, errorText, request } from './client.ts';

function respond(status: number, body: unknown) {
  const fetch = vi.fn((_path: string, _init?: RequestInit) =>
    Promise.resolve(
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
    ),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

async function failure(p: Promise<unknown>): Promise<ApiRequestError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiRequestError);
  return err as ApiRequestError;
}

describe('request', () => {
  it('sends JSON and resolves with the body', async () => {
    const fetch = respond(200, { paused: true });
    await expect(
      request('/api/x', { method: 'POST', body: { paused: true }, fallback: 'no' }),
    ).resolves.toEqual({ paused: true });
    expect(fetch).toHaveBeenCalledWith('/api/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"paused":true}',
    });
  });

  it('sends no body or content type when there is none', async () => {
    const fetch = respond(200, { ok: true });
    await request('/api/y', { method: 'POST', fallback: 'no' });
    expect(fetch).toHaveBeenCalledWith('/api/y', { method: 'POST' });
  });

  it("throws the envelope's message, code and fields", async () => {
    respond(422, {
      error: { code: 'validation_failed', message: 'Some fields are invalid.', fields: { a: 'x' } },
    });
    const err = await failure(request('/api/x', { fallback: 'Could not.' }));
    expect(err.message).toBe('Some fields are invalid.');
    expect(err).toMatchObject({ status: 422, code: 'validation_failed', fields: { a: 'x' } });
  });

  it('falls back when the error body is not the envelope', async () => {
    respond(502, '<html>bad gateway</html>');
    const err = await failure(request('/api/x', { fallback: (s) => `Could not (${s}).` }));
    expect(err.message).toBe('Could not (502).');
    expect(err.code).toBeNull();
    respond(500, { error: 'boom' });
    expect((await failure(request('/api/x', { fallback: 'Could not.' }))).message).toBe(
      'Could not.',
    );
  });

  it('treats an unreadable success body as a failure', async () => {
    respond(200, 'not json');
    expect((await failure(request('/api/x', { fallback: 'Could not.' }))).message).toBe(
      'Could not.',
    );
  });

  it('lets network errors through', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(request('/api/x', { fallback: 'no' })).rejects.toThrow(TypeError);
  });
});

describe('errorText', () => {
  it('uses the error message, else the fallback', () => {
    expect(errorText(new ApiRequestError(404, 'Meeting not found.'), 'x')).toBe(
      'Meeting not found.',
    );
    expect(errorText('weird', 'Could not.')).toBe('Could not.');
  });
});
