import { describe, expect, it } from 'vitest';
import { InvalidationBus } from './bus.ts';
import { TaggedCache } from './tagged-cache.ts';

/** Two processes on a fake pub/sub that delivers in order, with a hand-driven clock. */
function cluster() {
  let now = 1_000;
  const clock = () => now;
  const sent: { channel: string; message: string }[] = [];
  let redisUp = true;
  const publish = (channel: string, message: string) => {
    if (!redisUp) return Promise.reject(new Error('redis down'));
    sent.push({ channel, message });
    return Promise.resolve(1);
  };
  const make = (replicaId: string) => {
    const bus = new InvalidationBus({
      channel: 'p:inv',
      replicaId,
      publish,
      livenessMs: 1_000,
      retryForMs: 5_000,
      retryEveryMs: 10,
      now: clock,
    });
    const cache = new TaggedCache<string>({ live: () => bus.live(), now: clock });
    bus.onEvict((e) => cache.evict(e));
    return { bus, cache };
  };
  const a = make('a');
  const b = make('b');
  /** Delivers everything published so far to both subscribers (Redis fan-out). */
  const deliver = (to = [a, b]) => {
    const batch = sent.splice(0);
    for (const m of batch) for (const p of to) p.bus.received(m.channel, m.message);
  };
  const confirm = () => {
    a.bus.heartbeat();
    b.bus.heartbeat();
    deliver();
  };
  return {
    a,
    b,
    deliver,
    confirm,
    sent,
    advance: (ms: number) => (now += ms),
    setRedis: (up: boolean) => (redisUp = up),
  };
}

const fill = (c: TaggedCache<string>, key: string, value: string, tags: string[], ttl = 5_000) =>
  c.set(c.ticket(), key, value, tags, ttl);

describe('InvalidationBus + TaggedCache', () => {
  it('serves nothing until its own heartbeat came back', () => {
    const { a, confirm } = cluster();
    fill(a.cache, 's1', 'ann', ['user:1']);
    expect(a.cache.get('s1')).toBeUndefined();
    expect(a.cache.size).toBe(0);
    confirm();
    fill(a.cache, 's1', 'ann', ['user:1']);
    expect(a.cache.get('s1')).toBe('ann');
  });

  it('an invalidation in one process evicts by tag in the other', async () => {
    const { a, b, confirm, deliver } = cluster();
    confirm();
    fill(b.cache, 's1', 'ann', ['session:s1', 'user:1']);
    fill(b.cache, 's2', 'ann2', ['session:s2', 'user:1']);
    fill(b.cache, 's3', 'bob', ['session:s3', 'user:2']);
    await a.bus.invalidate(['user:1']);
    expect(b.cache.get('s1')).toBe('ann');
    deliver();
    expect(b.cache.get('s1')).toBeUndefined();
    expect(b.cache.get('s2')).toBeUndefined();
    expect(b.cache.get('s3')).toBe('bob');
  });

  it('a read that began before an invalidation is not stored after it', async () => {
    const { a, b, confirm, deliver } = cluster();
    confirm();
    const ticket = b.cache.ticket(); // B starts reading the old row
    await a.bus.invalidate(['user:1']); // A commits and publishes
    deliver();
    b.cache.set(ticket, 's1', 'stale', ['user:1'], 5_000); // B's read returns
    expect(b.cache.get('s1')).toBeUndefined();
  });

  it('entries expire after their lifetime', () => {
    const { a, confirm, advance } = cluster();
    confirm();
    fill(a.cache, 'k', 'v', ['room:r'], 2_000);
    advance(500);
    confirm();
    expect(a.cache.get('k')).toBe('v');
    advance(1_600);
    confirm();
    expect(a.cache.get('k')).toBeUndefined();
  });

  it('a silent subscription (heartbeats stop coming back) bypasses the cache, then clears it', () => {
    const { a, b, confirm, advance, deliver, sent } = cluster();
    confirm();
    fill(b.cache, 'k', 'v', ['user:1']);
    advance(900);
    expect(b.cache.get('k')).toBe('v');
    // B's connection goes silent: its heartbeats and A's invalidation never arrive.
    void a.bus.invalidate(['user:1']);
    sent.splice(0);
    advance(200);
    expect(b.bus.live()).toBe(false);
    expect(b.cache.get('k')).toBeUndefined();
    // Back: the first returned heartbeat clears what may have missed messages.
    b.bus.heartbeat();
    deliver([b]);
    expect(b.bus.live()).toBe(true);
    expect(b.cache.size).toBe(0);
  });

  it('a stale heartbeat after a stall does not make the process live', () => {
    const { b, advance, deliver, confirm } = cluster();
    confirm();
    b.bus.heartbeat(); // sent at t, delivered only after a 3 s stall
    advance(3_000);
    deliver([b]);
    expect(b.bus.live()).toBe(false);
    b.bus.heartbeat();
    deliver([b]);
    expect(b.bus.live()).toBe(true);
  });

  it('a lost connection clears every cache; heartbeats sent before it do not count', () => {
    const { b, confirm, deliver } = cluster();
    confirm();
    fill(b.cache, 'k', 'v', ['user:1']);
    b.bus.heartbeat(); // in flight when the connection drops
    b.bus.connectionLost();
    expect(b.cache.size).toBe(0);
    deliver([b]);
    expect(b.bus.live()).toBe(false);
    b.bus.heartbeat();
    deliver([b]);
    expect(b.bus.live()).toBe(true);
  });

  it('a publish that fails is retried until the longest cache lifetime has passed', async () => {
    const { a, b, confirm, deliver, setRedis, sent } = cluster();
    confirm();
    fill(b.cache, 'k', 'v', ['meeting:m']);
    setRedis(false);
    await a.bus.invalidate(['meeting:m']);
    expect(a.bus.version).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toEqual([]);
    setRedis(true);
    await new Promise((r) => setTimeout(r, 40));
    deliver();
    expect(b.cache.get('k')).toBeUndefined();
  });

  it('ignores malformed messages and its own echoes', () => {
    const { a, b, confirm } = cluster();
    confirm();
    fill(a.cache, 'k', 'v', ['user:1']);
    const v = a.bus.version;
    for (const m of ['', 'not json', '{"from":1,"tags":[]}', '{"from":"x","tags":[1]}']) {
      a.bus.received('p:inv', m);
    }
    a.bus.received('p:inv', JSON.stringify({ from: 'a', tags: ['user:1'] }));
    a.bus.received(b.bus.heartbeatChannel, '1 999999');
    expect(a.bus.version).toBe(v);
    expect(a.cache.get('k')).toBe('v');
  });

  it('starts over past its size bound', () => {
    const { a, confirm } = cluster();
    confirm();
    const small = new TaggedCache<number>({ live: () => a.bus.live(), maxEntries: 3 });
    for (let i = 0; i < 4; i++) small.set(small.ticket(), `k${i}`, i, [`t:${i}`], 1_000);
    expect(small.size).toBe(1);
    expect(small.get('k3')).toBe(3);
  });
});
