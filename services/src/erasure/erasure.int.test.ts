// The one way meeting data is deleted, on the real Postgres and MinIO, with the Pinecone adapter
// against the local fake: objects, vectors and rows all go, objects and vectors before rows.
import { randomUUID } from 'node:crypto';
import {
  createMeeting,
  createTeam,
  createUser,
  findMeetingById,
  insertSegments,
  listSegments,
  meetingObjectPrefix,
  type Db,
  type Meeting,
} from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { devEnv } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../env/parse.ts';
import { PineconeVectorStore, meetingNamespace } from '../indexing/index.ts';
import { startFakePinecone, type FakePinecone } from '../indexing/testing/fake-pinecone.ts';
import { storageEnvSchema, s3ConfigFromEnv } from '../storage/env.ts';
import { createObjectStore, type ObjectStore } from '../storage/index.ts';
import { MeetingEraser } from './index.ts';

const env = devEnv();
let t: TestDatabase;
let db: Db;
let objects: ObjectStore;
let pinecone: FakePinecone;
let vectors: PineconeVectorStore;
let eraser: MeetingEraser;

beforeAll(async () => {
  t = await createTestDatabase(env.DATABASE_URL ?? '');
  db = t.db;
  const s3 = parseEnv(storageEnvSchema, env);
  const config = s3.ok ? s3ConfigFromEnv(s3.data) : null;
  if (!config) throw new Error('S3_* missing from .data/dev.env');
  objects = createObjectStore(config);
  pinecone = await startFakePinecone();
  vectors = new PineconeVectorStore({ apiKey: pinecone.apiKey, indexHost: pinecone.host });
  eraser = new MeetingEraser({ db, objects, vectors });
});

afterAll(async () => {
  await pinecone?.close();
  await t?.drop();
});

async function user() {
  const u = await createUser(db, {
    email: `e-${randomUUID()}@example.com`,
    name: 'U',
    passwordHash: 'x',
  });
  if (!u) throw new Error('no user');
  return u;
}

/** A meeting with a transcript line, its vector in Pinecone and two stored objects. */
async function meetingWithData(ownerId: string, teamId?: string): Promise<Meeting> {
  const m = await createMeeting(db, { title: 'M', type: 'general', ownerId, teamId });
  await insertSegments(db, [
    {
      meeting_id: m.id,
      segment_id: `s-${randomUUID()}`,
      speaker_identity: 'a',
      speaker_name: 'A',
      track_id: 'TR',
      text: 'line',
      start_ms: 0,
      end_ms: 900,
      spoken_at: new Date(),
      language: 'en',
    },
  ]);
  const [row] = await listSegments(db, m.id);
  await vectors.upsert(meetingNamespace(m), [
    { id: row?.id ?? randomUUID(), values: [1, 0, 0], metadata: { meetingId: m.id, startMs: 0 } },
  ]);
  for (const name of ['recordings/a.ogg', 'exports/b.md']) {
    await objects.putObject(`${meetingObjectPrefix(m.id)}${name}`, Buffer.from('x'), 'text/plain');
  }
  return m;
}

const vectorsOf = (m: Meeting) =>
  [...(pinecone.namespaces.get(meetingNamespace(m))?.values() ?? [])].filter(
    (v) => v.metadata.meetingId === m.id,
  ).length;
const objectOf = (m: Meeting) => objects.statSize(`${meetingObjectPrefix(m.id)}recordings/a.ogg`);

describe('MeetingEraser', () => {
  it('a meeting: its objects, its vectors, then its rows; again is fine', async () => {
    const u = await user();
    const m = await meetingWithData(u.id);
    const other = await meetingWithData(u.id);
    await eraser.eraseMeeting(m);
    expect(await objectOf(m)).toBeNull();
    expect(vectorsOf(m)).toBe(0);
    expect(await findMeetingById(db, m.id)).toBeUndefined();
    await eraser.eraseMeeting(m);
    // Nothing of another meeting goes.
    expect(await objectOf(other)).not.toBeNull();
    expect(vectorsOf(other)).toBe(1);
    await eraser.eraseMeeting(other);
  });

  it('objects before rows: a store that fails leaves the rows and vectors for a retry', async () => {
    const u = await user();
    const m = await meetingWithData(u.id);
    const down: ObjectStore = {
      ...objects,
      removePrefix: () => Promise.reject(new Error('connect ECONNREFUSED')),
    };
    await expect(new MeetingEraser({ db, objects: down, vectors }).eraseMeeting(m)).rejects.toThrow(
      /ECONNREFUSED/,
    );
    expect(await findMeetingById(db, m.id)).toBeDefined();
    expect(vectorsOf(m)).toBe(1);
    await eraser.eraseMeeting(m);
    expect(await findMeetingById(db, m.id)).toBeUndefined();
  });

  it('an account: its meetings with their objects and vectors; a team meeting an admin inherits stays', async () => {
    const owner = await user();
    const admin = await user();
    const team = await createTeam(db, { name: 'T', ownerId: owner.id });
    await db
      .insertInto('team_members')
      .values({ team_id: team.id, user_id: admin.id, role: 'admin' })
      .execute();
    const personal = await meetingWithData(owner.id);
    const inTeam = await meetingWithData(owner.id, team.id);
    const deleted = await eraser.eraseAccount(owner.id);
    expect(deleted).toEqual([personal.id]);
    expect(vectorsOf(personal)).toBe(0);
    expect(await objectOf(personal)).toBeNull();
    expect((await findMeetingById(db, inTeam.id))?.owner_id).toBe(admin.id);
    expect(vectorsOf(inTeam)).toBe(1);
    expect(await objectOf(inTeam)).not.toBeNull();
    await eraser.eraseMeeting(inTeam);
  });

  it('transcripts: their vectors, then their segments', async () => {
    const u = await user();
    const m = await meetingWithData(u.id);
    expect(await eraser.eraseTranscripts([m])).toBe(1);
    expect(vectorsOf(m)).toBe(0);
    expect(await listSegments(db, m.id)).toEqual([]);
    expect(await objectOf(m)).not.toBeNull();
    await eraser.eraseMeeting(m);
  });
});
