// startLiveKitNode on the real binary: a port taken between being found free and being bound
// costs a retry on new ports, not the test that asked for the node.
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveKitNode, type LiveKitNode } from './livekit.ts';
import { freePort, freeUdpPort } from './processes.ts';

function bindUdp(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => resolve(sock));
  });
}

describe('startLiveKitNode', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function fixture(): Promise<{ dir: string; held: Socket }> {
    const dir = await mkdtemp(`${tmpdir()}/parley-lk-`);
    const held = await bindUdp();
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    cleanup.push(() => new Promise<void>((r) => held.close(() => r())));
    return { dir, held };
  }

  const keys = { apiKey: 'devkey', apiSecret: 'a-secret-of-at-least-32-characters!!' };

  it('starts on new ports when its UDP port was taken first', async () => {
    const { dir, held } = await fixture();
    let picks = 0;
    const node: LiveKitNode = await startLiveKitNode({
      name: 'taken-udp',
      dir,
      ...keys,
      ports: async () => {
        picks++;
        const udp = picks === 1 ? held.address().port : await freeUdpPort();
        return [await freePort(), await freePort(), udp];
      },
    });
    cleanup.push(() => node.stop());
    expect(picks).toBe(2);
    expect(node.nodeId).toMatch(/^ND_/);
    expect((await fetch(`http://127.0.0.1:${node.port}/`)).ok).toBe(true);
  });

  it('gives up after three tries, at once rather than after the start timeout', async () => {
    const { dir, held } = await fixture();
    let picks = 0;
    const started = Date.now();
    const start = startLiveKitNode({
      name: 'always-taken',
      dir,
      ...keys,
      ports: async () => {
        picks++;
        return [await freePort(), await freePort(), held.address().port];
      },
    });
    await expect(start).rejects.toThrow(/always-taken/);
    expect(picks).toBe(3);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
