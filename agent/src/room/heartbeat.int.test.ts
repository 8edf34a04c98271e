import { heartbeatKey } from '@parley/protocol';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { devEnv, waitFor } from '../testing/index.ts';
import { AgentHeartbeat } from './heartbeat.ts';

const url = devEnv().REDIS_URL ?? 'redis://127.0.0.1:56379';
const redis = new Redis(url);
afterAll(() => redis.disconnect());

describe('AgentHeartbeat (Redis)', () => {
  it('beats while the job runs and removes its key when it stops', async () => {
    const room = `test-heartbeat-${process.pid}-${Date.now()}-a`;
    const beat = new AgentHeartbeat(url, room, 'AJ_one', 100, 1_000);
    await waitFor('the first beat', async () => (await redis.get(heartbeatKey(room))) === 'AJ_one');
    await beat.stop();
    expect(await redis.exists(heartbeatKey(room))).toBe(0);
  });

  it("leaves the key alone when the room's next job has taken it over (a hand-over)", async () => {
    const room = `test-heartbeat-${process.pid}-${Date.now()}-b`;
    const old = new AgentHeartbeat(url, room, 'AJ_old', 60_000, 30_000);
    await waitFor('the old beat', async () => (await redis.get(heartbeatKey(room))) === 'AJ_old');
    await redis.set(heartbeatKey(room), 'AJ_new', 'PX', 30_000); // the next job's beat
    await old.stop();
    expect(await redis.get(heartbeatKey(room))).toBe('AJ_new');
    await redis.del(heartbeatKey(room));
  });
});
