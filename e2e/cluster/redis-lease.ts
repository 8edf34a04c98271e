// LiveKit nodes that share a Redis form one cluster: every room may land on any of them. The dev
// LiveKit uses Redis database 0, so a test cluster takes a database of its own (8–15), held by a
// lease key while it runs so two clusters on one machine never share one, and emptied first
// (rooms and nodes a killed cluster left behind).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

const LEASE_KEY = 'parley:cluster-lease';
const LEASE_MS = 30_000;

export interface RedisDbLease {
  db: number;
  /** A client on that database. */
  client: Redis;
  release: () => Promise<void>;
}

export async function leaseRedisDb(redisUrl: string): Promise<RedisDbLease> {
  const owner = `${process.pid}-${randomUUID()}`;
  for (let db = 15; db >= 8; db--) {
    const client = new Redis(redisUrl, { db, maxRetriesPerRequest: 2 });
    const taken = await client.set(LEASE_KEY, owner, 'PX', LEASE_MS, 'NX');
    if (taken !== 'OK') {
      client.disconnect();
      continue;
    }
    await client.multi().flushdb().set(LEASE_KEY, owner, 'PX', LEASE_MS).exec();
    const renew = setInterval(() => {
      void client.set(LEASE_KEY, owner, 'PX', LEASE_MS, 'XX').catch(() => undefined);
    }, LEASE_MS / 3);
    renew.unref();
    return {
      db,
      client,
      release: async () => {
        clearInterval(renew);
        if ((await client.get(LEASE_KEY).catch(() => null)) === owner) {
          await client.del(LEASE_KEY).catch(() => undefined);
        }
        client.disconnect();
      },
    };
  }
  throw new Error('no free Redis database (8–15) for a LiveKit cluster: are 8 clusters running?');
}
