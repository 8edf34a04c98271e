// The phases of a meeting job, in the order `entry` (worker.ts) runs them. No side effects at
// import time: job processes import this module.
import { AutoSubscribe, log, type JobContext } from '@livekit/agents';
import { ParticipantKind, RoomEvent, type Room } from '@livekit/rtc-node';
import {
  createDb,
  findTranscriptionContext,
  highestRoomMicVoice,
  markMeetingStarted,
  meetingVocabulary,
  type Db,
  type Meeting,
  type TranscriptionContext,
} from '@parley/db';
import {
  ATTR_AGENT_STATE,
  ATTR_SPEAKER_SPLIT,
  ATTR_TRANSCRIPTION_PROBLEM,
  jobMetadataSchema,
  languageProblemValue,
  unavailableProblemValue,
  speakerSplitValue,
  type AgentState,
  type JobMetadata,
  type SttProvider,
} from '@parley/protocol';
import { createIndexing } from '@parley/services/indexing';
import type { WorkerConfig } from './config.ts';
import { JobMetrics } from './metrics/index.ts';
import { RedisSpool, SegmentStore, SegmentWriter, SttUsageRecorder } from './persistence/index.ts';
// The job side only (not the retention scheduler and its queue client).
import { startJobRecording } from './recording/job.ts';
import {
  AgentHeartbeat,
  followRoomKeyterms,
  MeetingTranscriber,
  watchConnection,
} from './room/index.ts';
import { RoomSuggestions } from './room/suggestions-room.ts';
import { RoomCatchup, recapWith, roomLlm } from './room/catchup.ts';
import { loadTranscript } from './postmeeting/steps/finalise.ts';
import { schedulerOptionsFor, type SuggestionEngine } from './suggestions/index.ts';
import {
  SilentRecognizer,
  meetingCasing,
  providerWithKey,
  speaks,
  type InferenceClient,
  type SpeechRecognizer,
  type Vad,
} from './transcription/index.ts';

/** What the worker prepares once per process (prewarm) for all its jobs. */
export interface ProcData extends Record<string, unknown> {
  config: WorkerConfig;
  /** One suggestion engine per process (its circuit breaker is shared by the process's jobs). */
  suggestionEngine: SuggestionEngine;
  vad: Vad;
  /** The recogniser for a provider (made once per process, or per job when shared). */
  recognizerFor: (provider: SttProvider, shared?: InferenceClient) => SpeechRecognizer;
  /** Set per job: where recogniser events are counted. */
  metrics: { current: JobMetrics | null };
  /** Set per job: where audio sent to paid STT providers is added up (stt_usage). */
  sttUsage: { current: SttUsageRecorder | null };
}

type JobLogger = ReturnType<typeof log>;

/** What one job keeps open until it shuts down. */
export interface JobResources {
  logger: JobLogger;
  metrics: JobMetrics;
  db: Db;
  /** Finals: spooled in Redis, written to Postgres in batches. */
  segments: SegmentStore;
  /** Audio sent to STT providers, written to the meeting's stt_usage rows. */
  sttUsage: SttUsageRecorder;
}

/** How long the agent stays in a room with nobody else in it. */
const EMPTY_ROOM_GRACE_MS = 5_000;

/** Opens the job's logger, metrics, database pool and segment store; closes them at shutdown. */
export function openJobResources(ctx: JobContext, proc: ProcData): JobResources {
  const { config } = proc;
  const logger = log().child({ jobId: ctx.job.id, room: ctx.job.room?.name });
  const metrics = new JobMetrics(config.metricsDir, ctx.job.id);
  if (config.loopStallMs > 0)
    metrics.watchLoop({ stallMs: config.loopStallMs }, (w) => logger.warn(w, 'event loop stalled'));
  proc.metrics.current = metrics;
  const db = createDb({ url: config.databaseUrl, poolMax: 2 });
  const writer = new SegmentWriter(
    db,
    {},
    {
      onStored: (n) => metrics.inc('segments_stored', n),
      onError: (err, buffered) => {
        metrics.inc('db_write_errors');
        logger.warn({ buffered, err: String(err) }, 'segments not stored yet; will retry');
      },
    },
  );
  const segments = new SegmentStore(
    writer,
    config.redisUrl ? new RedisSpool(config.redisUrl) : null,
    {},
    {
      onSpoolError: (err) => {
        metrics.inc('spool_errors');
        logger.warn({ err: String(err) }, 'segment spool unavailable');
      },
    },
  );
  const sttUsage = new SttUsageRecorder(db, undefined, {
    onError: (err) => logger.warn({ err: String(err) }, 'STT usage not stored yet; will retry'),
  });
  proc.sttUsage.current = sttUsage;
  ctx.addShutdownCallback(async () => {
    proc.sttUsage.current = null;
    await sttUsage.close();
    const left = await segments.close(10_000);
    if (left > 0) logger.error({ left }, 'segments left in the spool for the next job');
    await db.destroy();
    metrics.close();
    proc.metrics.current = null;
  });
  return { logger, metrics, db, segments, sttUsage };
}

/**
 * The Parley meeting of the job's room, when the agent should work in it; otherwise the job
 * shuts down (not a Parley meeting, or the meeting is set to no AI) and this is null.
 */
export async function findJobMeeting(
  ctx: JobContext,
  job: JobResources,
): Promise<TranscriptionContext | null> {
  let meta: JobMetadata = {};
  try {
    meta = jobMetadataSchema.parse(JSON.parse(ctx.job.metadata || '{}'));
  } catch {
    job.logger.warn('ignoring malformed job metadata');
  }
  const roomName = ctx.job.room?.name ?? '';
  const found = await findTranscriptionContext(job.db, roomName);
  if (!found || (meta.meetingId && meta.meetingId !== found.meeting.id)) {
    job.logger.warn({ roomName }, 'room is not a Parley meeting; leaving');
    ctx.shutdown('unknown meeting');
    return null;
  }
  const { meeting } = found;
  if (!meeting.ai_enabled) {
    job.logger.info({ meetingId: meeting.id }, 'meeting is set to no AI; leaving');
    ctx.shutdown('no AI');
    return null;
  }
  job.metrics.meetingId = meeting.id;
  job.sttUsage.meetingId = meeting.id;
  return found;
}

export interface MeetingSpeech {
  recognizer: SpeechRecognizer;
  language: string;
  /** Names and terms of the meeting (given to the recogniser). */
  vocabulary: string[];
  /** The agent's state in the room: `not_transcribing` when no text is made. */
  state: AgentState;
  /** What the room should know (`parley.transcription_problem`): why no text, or a stand-in. */
  problem?: string;
}

/** The recogniser the meeting's team chose, its language and the meeting's vocabulary. */
export async function prepareSpeech(
  ctx: JobContext,
  proc: ProcData,
  job: JobResources,
  found: TranscriptionContext,
): Promise<MeetingSpeech> {
  const { config } = proc;
  const { meeting } = found;
  // Keys are per deployment: a team's choice without one here is transcribed by local.
  const chosen = found.teamSttProvider ?? config.stt.recognizer.provider;
  const provider = providerWithKey(config.stt.recognizer, chosen);
  const recognizer = proc.recognizerFor(
    provider,
    config.sharedStt ? ctx.inferenceExecutor : undefined,
  );
  const vocabulary = meetingVocabulary(meeting);
  const language = meeting.language ?? config.stt.language;
  if (!speaks(recognizer, language)) {
    // Audio still flows (recording, the room's level meters); no text is made.
    job.logger.warn(
      { meetingId: meeting.id, language, provider: recognizer.name },
      'the provider cannot transcribe the meeting language; not transcribing',
    );
    return {
      recognizer: new SilentRecognizer(recognizer.name),
      language,
      vocabulary,
      state: 'not_transcribing',
      problem: languageProblemValue(language, recognizer.name),
    };
  }
  // A provider without its key on this server: another one stands in, and the room says so.
  const standIn = provider !== chosen;
  if (standIn) {
    job.logger.warn(
      { meetingId: meeting.id, chosen, provider },
      "the team's STT provider has no key here; another stands in",
    );
  }
  if (vocabulary.length > 0 && recognizer.addVocabulary) {
    const v = await recognizer.addVocabulary(vocabulary).catch(() => null);
    job.logger.info(
      { meetingId: meeting.id, added: v?.added.length ?? 0, skipped: v?.skipped.length ?? 0 },
      'meeting vocabulary loaded',
    );
  }
  return {
    recognizer,
    language,
    vocabulary,
    state: 'transcribing',
    ...(standIn ? { problem: unavailableProblemValue(chosen, provider) } : {}),
  };
}

/**
 * Takes the meeting over: heartbeat on (the web watchdog replaces a silent agent), finals an
 * earlier job left in the spool stored, the meeting marked started. Returns its start time.
 */
export async function resumeMeeting(
  ctx: JobContext,
  config: WorkerConfig,
  job: JobResources,
  meeting: Meeting,
): Promise<Date> {
  if (config.redisUrl) {
    const heartbeat = new AgentHeartbeat(config.redisUrl, ctx.job.room?.name ?? '', ctx.job.id);
    ctx.addShutdownCallback(() => heartbeat.stop());
  }
  const recovered = await job.segments.recover(meeting.id).catch(() => 0);
  if (recovered > 0) {
    job.logger.info({ meetingId: meeting.id, recovered }, 'recovered spooled segments');
  }
  return markMeetingStarted(job.db, meeting.id);
}

/** Joins the room (audio only); null, and the job ends, when another agent is already there. */
export async function joinRoom(
  ctx: JobContext,
  job: JobResources,
  meeting: Meeting,
): Promise<Room | null> {
  await ctx.connect(undefined, AutoSubscribe.AUDIO_ONLY);
  const room = ctx.room;
  // Two dispatches raced (e.g. from two web servers): one agent is enough.
  if ([...room.remoteParticipants.values()].some((p) => p.kind === ParticipantKind.AGENT)) {
    job.logger.info({ meetingId: meeting.id }, 'another agent is already transcribing; leaving');
    ctx.shutdown('duplicate agent');
    return null;
  }
  job.logger.info({ meetingId: meeting.id }, 'agent joined meeting');
  return room;
}

/**
 * The meeting's work: recording (frames tapped from the speech pipelines, while the host allows
 * it), transcription of every microphone, and question suggestions fed by the finals.
 */
export async function startMeetingWork(
  ctx: JobContext,
  proc: ProcData,
  job: JobResources,
  w: { room: Room; meeting: Meeting; speech: MeetingSpeech; startedAt: Date },
): Promise<void> {
  const { config, vad } = proc;
  const { room, meeting, speech } = w;
  const { logger, metrics } = job;
  const recording = startJobRecording({
    config: config.recording,
    databaseUrl: config.databaseUrl,
    room,
    meetingId: meeting.id,
    log: logger,
  });
  if (recording) ctx.addShutdownCallback(() => recording.close());
  const transcriber = new MeetingTranscriber({
    room,
    meetingId: meeting.id,
    meetingStartedAt: w.startedAt,
    vad,
    gate: { thresholdRms: config.stt.gateRms },
    denoise: config.stt.denoise,
    recognizer: speech.recognizer,
    language: speech.language,
    prompt: speech.vocabulary.length > 0 ? speech.vocabulary.join(', ') : undefined,
    casing: meetingCasing(meeting),
    store: async (seg) => {
      metrics.inc('segments_final');
      await job.segments.accept(seg);
    },
    log: logger,
    roomMicVoicesUsed: (identity) => highestRoomMicVoice(job.db, meeting.id, identity),
    onProblem: (kind) => metrics.inc(kind === 'publish' ? 'publish_errors' : 'stt_errors'),
    ...(recording
      ? { onAudio: (trackSid, frame) => recording.controller.onAudio(trackSid, frame.data) }
      : {}),
    onFinalPublished: ({ latencyMs }) => metrics.observeLatency(latencyMs),
    onFinal: (seg) =>
      suggestions.addFinal({
        id: seg.segment_id,
        speaker: seg.speaker_identity,
        speakerName: seg.speaker_name,
        text: seg.text,
        startMs: seg.start_ms,
        endMs: seg.end_ms,
      }),
  });
  metrics.activeTracks = () => transcriber.activeTracks;
  metrics.readCounters = () => {
    // Audio lost on its way to the agent, counted where it arrives (room/receive-meter.ts).
    const rx = transcriber.receiveCounts();
    return {
      vad_windows: vad.stats.windows,
      vad_batches: vad.stats.batches,
      audio_received_ms: rx.receivedMs,
      audio_gap_ms: rx.gapMs,
      audio_packets_received: rx.packetsReceived,
      audio_packets_lost: rx.packetsLost,
      audio_concealed_ms: rx.concealedMs,
    };
  };
  // Past passages for the prompt are also found by meaning when a semantic index is configured.
  const indexing = createIndexing(config.indexing, job.db);
  const suggestions = new RoomSuggestions({
    room,
    meeting,
    engine: proc.suggestionEngine,
    db: job.db,
    log: logger,
    indexing,
    scheduler: schedulerOptionsFor(config.suggestions),
  });
  suggestions.start();
  ctx.addShutdownCallback(() => Promise.resolve(suggestions.close()));
  // "Catch me up": a recap of the meeting so far for a member who asks (room/catchup.ts).
  const catchup = new RoomCatchup({
    room,
    meetingId: meeting.id,
    load: () => loadTranscript(job.db, meeting.id),
    flush: (ms) => job.segments.flush(ms),
    summarize: recapWith(roomLlm(config.suggestions), logger),
    log: logger,
  });
  catchup.start();
  ctx.addShutdownCallback(() => Promise.resolve(catchup.close()));
  if (indexing) ctx.addShutdownCallback(() => indexing.store.close());
  ctx.addShutdownCallback(() => transcriber.close());
  // Names of the people in the room join the meeting's terms as they arrive (room/keyterms.ts).
  const stopKeyterms = followRoomKeyterms(room, speech.recognizer, speech.vocabulary, (n) =>
    logger.info({ meetingId: meeting.id, keyterms: n }, 'recogniser keyterms updated'),
  );
  ctx.addShutdownCallback(() => Promise.resolve(stopKeyterms()));
  transcriber.start();
  await room.localParticipant
    ?.setAttributes({
      [ATTR_AGENT_STATE]: speech.state,
      ...(speech.problem ? { [ATTR_TRANSCRIPTION_PROBLEM]: speech.problem } : {}),
      // Whether a room microphone can be split by voice (the room says why not).
      [ATTR_SPEAKER_SPLIT]: speakerSplitValue(
        speech.recognizer.name,
        speech.recognizer.diarization === true,
      ),
    })
    .catch((err: unknown) => logger.warn({ err: String(err) }, 'could not set agent state'));
}

/**
 * How long a job has, from a hand-over, to run its shutdown work and end before its process is
 * ended. Its finals are safe meanwhile (the spool in Redis keeps each until Postgres has it, and
 * the next job stores what is left).
 */
const HAND_OVER_EXIT_MS = 5_000;

/**
 * Ends the job when its connection to LiveKit is lost for good (the node hosting the room died):
 * the finals are flushed, the heartbeat stops, and a fresh agent is dispatched into the room
 * LiveKit re-creates on another node (`watchConnection`).
 *
 * The framework runs the shutdown callbacks after leaving the room, and leaving can hang while
 * the SDK is still reconnecting (seen when the room's node died); a callback can hang too (one
 * that still talks to the room). Meanwhile the heartbeat would go on and the SDK could bring the
 * agent back into the new room, deaf, beside the fresh one. So the callbacks run at once (and
 * only once), and the process is ended `HAND_OVER_EXIT_MS` after the hand-over whatever they do
 * (one job per process).
 */
export function handOverOnConnectionLoss(
  ctx: JobContext,
  room: Room,
  logger: JobLogger,
  meetingId: string,
): void {
  const stop = watchConnection(room, (reason) => {
    logger.warn({ meetingId, reason }, 'connection to LiveKit lost; handing the meeting over');
    setTimeout(() => {
      logger.warn({ meetingId }, 'the job did not end after the hand-over; ending its process');
      process.kill(process.pid, 'SIGKILL');
    }, HAND_OVER_EXIT_MS).unref();
    const callbacks = ctx.shutdownCallbacks.splice(0);
    void Promise.allSettled(callbacks.map((cb) => cb())).then(() => ctx.shutdown(reason));
  });
  ctx.addShutdownCallback(() => Promise.resolve(stop()));
}

/** Leaves once nobody but agents has been in the room for a few seconds. */
export function leaveWhenEmpty(
  ctx: JobContext,
  room: Room,
  logger: JobLogger,
  meetingId: string,
): void {
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
        logger.info({ meetingId }, 'room is empty; leaving');
        ctx.shutdown('room empty');
      }
    }, EMPTY_ROOM_GRACE_MS);
  };
  room.on(RoomEvent.ParticipantConnected, checkEmpty);
  room.on(RoomEvent.ParticipantDisconnected, checkEmpty);
  checkEmpty();
}
