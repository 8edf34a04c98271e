import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { fetchOnce } from './http.ts';

let server: Server | undefined;
afterEach(() => server?.close());

/** A loopback server that closes the first `drops` connections as soon as a request arrives. */
async function dropping(drops: number): Promise<{ url: string; requests: () => number }> {
  let seen = 0;
  server = createServer((socket) => {
    socket.once('data', () => {
      seen += 1;
      if (seen <= drops) socket.destroy();
      else socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests: () => seen };
}

it('sends a GET again once when the server closed the connection under it', async () => {
  const s = await dropping(1);
  const res = await fetchOnce(s.url);
  expect(await res.text()).toBe('ok');
  expect(s.requests()).toBe(2);
});

it('does not repeat a GET twice, nor a write at all', async () => {
  const twice = await dropping(2);
  await expect(fetchOnce(twice.url)).rejects.toThrow(TypeError);
  expect(twice.requests()).toBe(2);
  server?.close();
  const post = await dropping(1);
  await expect(fetchOnce(post.url, { method: 'POST', body: 'x' })).rejects.toThrow(TypeError);
  expect(post.requests()).toBe(1);
});
