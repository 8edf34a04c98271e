import type { Logger } from '@parley/services/log';
import type { Room } from '@livekit/rtc-node';
import { createDb, type Db } from '@parley/db';
import type { RecordingConfig } from '../config.ts';
import { RecordingController } from './controller.ts';
import { MeetingRecorder } from './recorder.ts';
import { createObjectStore, type ObjectStore } from '@parley/services/storage';
import { sweepRecordings } from './sweep.ts';

/** A recorder that stopped touching its row this long ago is taken to be dead. */
export const STALE_RECORDING_MS = 60_000;
/** Without the spool file, a sweep waits this long for the host that has it. */
export const LOST_AFTER_MS = 60 * 60_000;

/** What the job keeps of its recording side. */
export interface JobRecording {
  controller: RecordingController;
  /** Stops recording (the rest is stored) and closes its database pool. */
  close: () => Promise<void>;
}

/**
 * The recording side of a meeting job: completes what an earlier job of this meeting left behind
 * (same host: from its spool), then follows the host's switch. It has its own small database
 * pool: job shutdown callbacks run concurrently, and the recording's last writes must not race
 * the job's pool closing. Null when recording is off or no object store is configured.
 */
export function startJobRecording(deps: {
  config: RecordingConfig;
  databaseUrl: string;
  room: Room;
  meetingId: string;
  log: Logger;
  store?: ObjectStore;
}): JobRecording | null {
  const c = deps.config;
  if (c.mode === 'off') return null;
  if (!c.s3) {
    deps.log.warn({ meetingId: deps.meetingId }, 'recording off: S3_* not configured');
    return null;
  }
  const store = deps.store ?? createObjectStore(c.s3);
  const db: Db = createDb({ url: deps.databaseUrl, poolMax: 1 });
  void sweepRecordings(db, store, deps.log, {
    spoolDir: c.spoolDir,
    staleMs: STALE_RECORDING_MS,
    lostAfterMs: LOST_AFTER_MS,
    meetingId: deps.meetingId,
    bitrateKbps: c.bitrateKbps,
  }).catch((err: unknown) => deps.log.warn({ err: String(err) }, 'recording sweep failed'));
  const controller = new RecordingController(
    {
      db,
      room: deps.room,
      meetingId: deps.meetingId,
      mode: c.mode,
      log: deps.log,
      startRecorder: () =>
        MeetingRecorder.start(
          { db, store, meetingId: deps.meetingId, log: deps.log },
          { spoolDir: c.spoolDir, bitrateKbps: c.bitrateKbps, partBytes: c.partBytes },
        ),
    },
    { egressWaitMs: c.egressWaitMs },
  );
  controller.start();
  return {
    controller,
    close: async () => {
      try {
        await controller.close();
      } finally {
        await db.destroy();
      }
    },
  };
}
