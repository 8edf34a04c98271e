// The recording controller against the real database: it follows the host's switch, defers to
// a running egress in egress mode (and takes over when it ends), never records in off mode, and
// publishes the indicator attribute.
import { silentLogger } from '@parley/services/log';
import { randomUUID } from 'node:crypto';
import {
  createMeeting,
  createUser,
  finishRecording,
  insertRecording,
  recordingObjectKey,
  setRecordingAllowed,
  type Db,
  type Meeting,
} from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import { ATTR_RECORDING } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devEnv } from '../testing/index.ts';
import { RecordingController, type RecordingMode } from './controller.ts';
import type { MeetingRecorder } from './recorder.ts';

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
const log = silentLogger;

beforeAll(async () => {
  test = await createTestDatabase(devEnv().DATABASE_URL ?? '');
  db = test.db;
});
afterAll(() => test.drop());

async function meeting(): Promise<Meeting> {
  const u = await createUser(db, {
    email: `c-${randomUUID()}@example.com`,
    name: 'Host',
    passwordHash: 'x',
  });
  if (!u) throw new Error('no user');
  return createMeeting(db, { title: 'Ctl', type: 'general', ownerId: u.id });
}

function harness(m: Meeting, mode: RecordingMode, egressWaitMs = 0) {
  const attrs: string[] = [];
  const made: { stopped: boolean; frames: number }[] = [];
  const room = {
    localParticipant: {
      setAttributes: (a: Record<string, string>) => {
        attrs.push(a[ATTR_RECORDING] ?? '?');
        return Promise.resolve();
      },
    },
  } as unknown as ConstructorParameters<typeof RecordingController>[0]['room'];
  const ctl = new RecordingController(
    {
      db,
      room,
      meetingId: m.id,
      mode,
      log,
      startRecorder: () => {
        const r = { stopped: false, frames: 0 };
        made.push(r);
        return Promise.resolve({
          push: () => (r.frames += 1),
          stop: () => {
            r.stopped = true;
            return Promise.resolve(undefined);
          },
        } as unknown as MeetingRecorder);
      },
    },
    { egressWaitMs },
  );
  return { ctl, attrs, made };
}

describe('RecordingController', () => {
  it('records only while the host allows it, and shows it', async () => {
    const m = await meeting();
    const { ctl, attrs, made } = harness(m, 'agent');
    await ctl.check();
    expect(made).toHaveLength(0);
    expect(attrs).toEqual(['off']);
    await setRecordingAllowed(db, m.id, true);
    await ctl.check();
    expect(made).toHaveLength(1);
    ctl.onAudio('TR_1', new Int16Array(512));
    expect(made[0]?.frames).toBe(1);
    expect(attrs).toEqual(['off', 'on']);
    await setRecordingAllowed(db, m.id, false);
    await ctl.check();
    expect(made[0]?.stopped).toBe(true);
    ctl.onAudio('TR_1', new Int16Array(512)); // no recorder: dropped
    expect(made[0]?.frames).toBe(1);
    expect(attrs).toEqual(['off', 'on', 'off']);
    await ctl.close();
  });

  it('egress mode: defers to a running egress, records itself when there is none', async () => {
    const m = await meeting();
    await setRecordingAllowed(db, m.id, true);
    const egressRow = randomUUID();
    await insertRecording(db, {
      id: egressRow,
      meetingId: m.id,
      mode: 'egress',
      objectKey: recordingObjectKey(m.id, egressRow),
      egressId: `EG_${egressRow}`,
    });
    const { ctl, attrs, made } = harness(m, 'egress', 60_000);
    await ctl.check();
    expect(made).toHaveLength(0);
    expect(attrs).toEqual(['on']); // the egress records: the indicator is on
    // The egress fails mid-meeting: the agent takes over at once (no wait once one ran).
    await finishRecording(db, egressRow, { status: 'failed', error: 'egress_failed' });
    await ctl.check();
    expect(made).toHaveLength(1);
    expect(attrs).toEqual(['on']); // stayed on throughout
    await ctl.close();
    expect(made[0]?.stopped).toBe(true);
    expect(attrs).toEqual(['on', 'off']);
  });

  it('egress mode waits for the egress to appear before recording itself', async () => {
    const m = await meeting();
    await setRecordingAllowed(db, m.id, true);
    const { ctl, made } = harness(m, 'egress', 60_000);
    await ctl.check();
    expect(made).toHaveLength(0); // still within the wait
    await ctl.close();
  });

  it('off mode never records', async () => {
    const m = await meeting();
    await setRecordingAllowed(db, m.id, true);
    const { ctl, made, attrs } = harness(m, 'off');
    ctl.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(made).toHaveLength(0);
    await ctl.close();
    expect(attrs).toEqual(['off']);
  });
});
