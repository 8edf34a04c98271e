import { Client } from 'minio';
import { config } from './config.ts';

let client: Client | undefined;

function s3(): { client: Client; bucket: string } | null {
  const c = config().s3;
  if (!c) return null;
  client ??= new Client({
    endPoint: c.endPoint,
    ...(c.port ? { port: c.port } : {}),
    useSSL: c.useSSL,
    accessKey: c.accessKey,
    secretKey: c.secretKey,
    region: c.region,
  });
  return { client, bucket: c.bucket };
}

/** The object-store prefix that holds everything of one meeting (recordings, exports). */
export function meetingPrefix(meetingId: string): string {
  return `meetings/${meetingId}/`;
}

/**
 * Removes every stored object under `meetings/<id>/`. Idempotent: nothing stored (or no bucket, or
 * no object store configured) is fine. Returns how many objects were removed.
 */
export async function deleteMeetingObjects(meetingId: string): Promise<number> {
  const store = s3();
  if (!store) return 0;
  if (!(await store.client.bucketExists(store.bucket).catch(() => false))) return 0;
  const names: string[] = [];
  const stream = store.client.listObjectsV2(store.bucket, meetingPrefix(meetingId), true);
  for await (const item of stream as AsyncIterable<{ name?: string }>) {
    if (item.name) names.push(item.name);
  }
  for (let i = 0; i < names.length; i += 1000) {
    await store.client.removeObjects(store.bucket, names.slice(i, i + 1000));
  }
  return names.length;
}

/** Test and tooling helper: stores one object under the meeting's prefix. */
export async function putMeetingObject(
  meetingId: string,
  name: string,
  body: string,
): Promise<void> {
  const store = s3();
  if (!store) throw new Error('no object store configured');
  await store.client.putObject(store.bucket, meetingPrefix(meetingId) + name, Buffer.from(body));
}

/**
 * Removes the meeting from the search index. The index arrives with [6/7]; until then there is
 * nothing to remove. Must stay idempotent (deletion may be retried).
 */
export function removeMeetingFromIndex(_meetingId: string): Promise<void> {
  return Promise.resolve();
}
