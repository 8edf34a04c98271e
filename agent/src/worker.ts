// The job that runs in each meeting room. The worker (main.ts) forks a process per job and
// imports this module there; it must have no side effects at import time.
import { AutoSubscribe, defineAgent, log, type JobContext, type JobProcess } from '@livekit/agents';
import type { VAD } from '@livekit/agents';
import { ParticipantKind, RoomEvent } from '@livekit/rtc-node';
import { createDb, findMeetingByRoom, markMeetingStarted } from '@parley/db';
import { z } from 'zod';
import { workerConfigFromEnv, type WorkerConfig } from './config.ts';
import { SegmentWriter } from './persistence/index.ts';
import { MeetingTranscriber } from './room/index.ts';
import { createRecognizer, loadVad, type SpeechRecognizer } from './transcription/index.ts';

interface ProcData extends Record<string, unknown> {
  config: WorkerConfig;
  vad: VAD;
  recognizer: SpeechRecognizer;
}

const jobMetadataSchema = z.object({ meetingId: z.uuid() }).partial();

/** How long the agent stays in a room with nobody else in it. */
const EMPTY_ROOM_GRACE_MS = 5_000;

export default defineAgent({
  prewarm: async (proc: JobProcess) => {
    const config = workerConfigFromEnv(process.env);
    const recognizer = createRecognizer(config.stt.recognizer);
    const [vad] = await Promise.all([loadVad(config.stt.vad), recognizer.warmup()]);
    Object.assign(proc.userData, { config, vad, recognizer } satisfies ProcData);
  },

  entry: async (ctx: JobContext) => {
    const { config, vad, recognizer } = ctx.proc.userData as ProcData;
    const logger = log().child({ jobId: ctx.job.id, room: ctx.job.room?.name });
    const db = createDb({ url: config.databaseUrl, poolMax: 2 });
    const writer = new SegmentWriter(
      db,
      {},
      {
        onError: (err, buffered) =>
          logger.warn({ buffered, err: String(err) }, 'segments not stored yet; will retry'),
      },
    );
    ctx.addShutdownCallback(async () => {
      const left = await writer.close(10_000);
      if (left > 0) logger.error({ left }, 'segments could not be stored before shutdown');
      await db.destroy();
    });

    let meta: z.infer<typeof jobMetadataSchema> = {};
    try {
      meta = jobMetadataSchema.parse(JSON.parse(ctx.job.metadata || '{}'));
    } catch {
      logger.warn('ignoring malformed job metadata');
    }
    const roomName = ctx.job.room?.name ?? '';
    const meeting = await findMeetingByRoom(db, roomName);
    if (!meeting || (meta.meetingId && meta.meetingId !== meeting.id)) {
      logger.warn({ roomName }, 'room is not a Parley meeting; leaving');
      ctx.shutdown('unknown meeting');
      return;
    }
    const startedAt = await markMeetingStarted(db, meeting.id);
    await ctx.connect(undefined, AutoSubscribe.AUDIO_ONLY);
    const room = ctx.room;
    logger.info({ meetingId: meeting.id }, 'agent joined meeting');

    const transcriber = new MeetingTranscriber({
      room,
      meetingId: meeting.id,
      meetingStartedAt: startedAt,
      vad,
      recognizer,
      language: config.stt.language,
      store: (seg) => writer.add(seg),
      log: {
        info: (f, m) => logger.info(f, m),
        warn: (f, m) => logger.warn(f, m),
        error: (f, m) => logger.error(f, m),
      },
      onFinalPublished: ({ latencyMs }) => logger.debug({ latencyMs }, 'final published'),
    });
    ctx.addShutdownCallback(() => transcriber.close());
    transcriber.start();

    // Leave when nobody but agents is left.
    let emptyTimer: NodeJS.Timeout | null = null;
    const humans = () =>
      [...room.remoteParticipants.values()].filter((p) => p.kind !== ParticipantKind.AGENT).length;
    const checkEmpty = () => {
      if (humans() > 0) {
        if (emptyTimer) clearTimeout(emptyTimer);
        emptyTimer = null;
        return;
      }
      emptyTimer ??= setTimeout(() => {
        if (humans() === 0) {
          logger.info({ meetingId: meeting.id }, 'room is empty; leaving');
          ctx.shutdown('room empty');
        }
      }, EMPTY_ROOM_GRACE_MS);
    };
    room.on(RoomEvent.ParticipantConnected, checkEmpty);
    room.on(RoomEvent.ParticipantDisconnected, checkEmpty);
    checkEmpty();
  },
});
