import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeChatServer, type FakeChatServer } from './testing/fake-chat-server.ts';
import { JsonChatClient, stripFences } from './json-chat.ts';

let chat: FakeChatServer;
beforeAll(async () => {
  chat = await startFakeChatServer();
});
afterAll(async () => {
  await chat?.close();
});

const schema = z.object({ answer: z.string(), n: z.number() });
const prompt = { system: 's', user: 'u' };

describe('JSON chat client', () => {
  it('returns the validated object', async () => {
    chat.mode = 'normal';
    chat.payload = { answer: 'yes', n: 2, extra: true };
    const c = new JsonChatClient({ apiKey: 'k', baseURL: chat.baseURL, maxRetries: 0 });
    await expect(c.complete(prompt, schema)).resolves.toEqual({ answer: 'yes', n: 2 });
    expect(chat.requests.at(-1)?.responseFormat).toEqual({ type: 'json_object' });
  });

  it('garbage, wrong shapes and HTTP errors are LlmErrors of the right kind', async () => {
    const c = new JsonChatClient({
      apiKey: 'k',
      baseURL: chat.baseURL,
      maxRetries: 0,
      breaker: { failureThreshold: 100 },
    });
    chat.mode = 'malformed';
    await expect(c.complete(prompt, schema)).rejects.toMatchObject({ kind: 'invalid_output' });
    chat.mode = 'wrong_shape';
    await expect(c.complete(prompt, schema)).rejects.toMatchObject({ kind: 'invalid_output' });
    chat.mode = 'error';
    await expect(c.complete(prompt, schema)).rejects.toMatchObject({ kind: 'http', status: 500 });
    chat.mode = 'bad_request';
    await expect(c.complete(prompt, schema)).rejects.toMatchObject({
      kind: 'http',
      retryable: false,
    });
  });

  it('opens its circuit after repeated failures (no more calls until it half-opens)', async () => {
    const c = new JsonChatClient({
      apiKey: 'k',
      baseURL: chat.baseURL,
      maxRetries: 0,
      breaker: { failureThreshold: 2, openMs: 60_000 },
    });
    chat.mode = 'error';
    await expect(c.complete(prompt, schema)).rejects.toThrow();
    await expect(c.complete(prompt, schema)).rejects.toThrow();
    const before = chat.requests.length;
    await expect(c.complete(prompt, schema)).rejects.toThrow(/circuit open/);
    expect(chat.requests.length).toBe(before);
  });

  it('strips a ```json fence', () => {
    expect(stripFences('```json\n{"a":1}\n```')).toBe('{"a":1}');
    expect(stripFences('{"a":1}')).toBe('{"a":1}');
  });
});
