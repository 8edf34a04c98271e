// The job that runs in each meeting room. The worker (main.ts) forks a process per job and
// imports this module there; it must have no side effects at import time.
import { AutoSubscribe, defineAgent, log, type JobContext, type JobProcess } from '@livekit/agents';
import { ParticipantKind, RoomEvent } from '@livekit/rtc-node';
import {
  createDb,
  findTranscriptionContext,
  markMeetingStarted,
  meetingVocabulary,
} from '@parley/db';
import { z } from 'zod';
import { workerConfigFromEnv, type WorkerConfig } from './config.ts';
import { JobMetrics } from './metrics/index.ts';
import { RedisSpool, SegmentStore, SegmentWriter } from './persistence/index.ts';
import { AgentHeartbeat, ATTR_AGENT_STATE, MeetingTranscriber } from './room/index.ts';
import { RoomSuggestions } from './room/suggestions-room.ts';
// The job side only (not the retention scheduler and its queue client).
import { startJobRecording } from './recording/job.ts';
import {
  createSuggestionEngine,
  schedulerOptionsFor,
  type SuggestionEngine,
} from './suggestions/index.ts';
import { loadPromptLibrary } from '@parley/prompts';
import {
  createRecognizer,
  loadVad,
  type InferenceClient,
  type Vad,
  type SpeechRecognizer,
} from './transcription/index.ts';

interface ProcData extends Record<string, unknown> {
  config: WorkerConfig;
  /** One suggestion engine per process (its circuit breaker is shared by the process's jobs). */
  suggestionEngine: SuggestionEngine;
  vad: Vad;
  /** The recogniser for a provider (made once per process, or per job when shared). */
  recognizerFor: (provider: 'local' | 'openai', shared?: InferenceClient) => SpeechRecognizer;
  /** Set per job: where recogniser events are counted. */
  metrics: { current: JobMetrics | null };
}

const jobMetadataSchema = z.object({ meetingId: z.uuid() }).partial();

/** How long the agent stays in a room with nobody else in it. */
const EMPTY_ROOM_GRACE_MS = 5_000;

export default defineAgent({
  prewarm: async (proc: JobProcess) => {
    const config = workerConfigFromEnv(process.env);
    const metrics: ProcData['metrics'] = { current: null };
    const made = new Map<string, SpeechRecognizer>();
    const recognizerFor = (provider: 'local' | 'openai', shared?: InferenceClient) => {
      // Without a key the cloud provider can't be used; the team's choice falls back to local.
      const p = provider === 'openai' && !config.stt.recognizer.openai?.apiKey ? 'local' : provider;
      const key = `${p}${shared ? ':shared' : ''}`;
      let r = made.get(key);
      if (!r) {
        r = createRecognizer(
          { ...config.stt.recognizer, provider: p },
          {
            onFallback: (reason) => {
              metrics.current?.inc('stt_fallbacks');
              if (reason !== 'cooldown') metrics.current?.inc('stt_errors');
              log().warn({ reason, provider: p }, 'STT fallback to local');
            },
            onRecovered: () => log().info({ provider: p }, 'STT provider recovered'),
          },
          shared,
        );
        made.set(key, r);
      }
      return r;
    };
    // Shared local recognition lives in the worker's inference process; otherwise warm up here.
    const warm = config.sharedStt ? null : recognizerFor(config.stt.recognizer.provider);
    const [vad] = await Promise.all([loadVad(config.stt.vad), warm?.warmup()]);
    // Every prompt template is checked at start: a broken one stops the worker, naming its file.
    loadPromptLibrary();
    const suggestionLog = log().child({ component: 'suggestions' });
    const suggestionEngine = createSuggestionEngine({
      provider: config.suggestions.provider,
      llm: {
        apiKey: config.suggestions.llm.apiKey,
        ...(config.suggestions.llm.baseURL ? { baseURL: config.suggestions.llm.baseURL } : {}),
        model: config.suggestions.llm.model,
        timeoutMs: config.suggestions.llm.timeoutMs,
      },
      logger: suggestionLog,
    });
    Object.assign(proc.userData, {
      config,
      vad,
      recognizerFor,
      metrics,
      suggestionEngine,
    } satisfies ProcData);
  },

  entry: async (ctx: JobContext) => {
    const {
      config,
      vad,
      recognizerFor,
      metrics: slot,
      suggestionEngine,
    } = ctx.proc.userData as ProcData;
    const logger = log().child({ jobId: ctx.job.id, room: ctx.job.room?.name });
    const metrics = new JobMetrics(config.metricsDir, ctx.job.id);
    slot.current = metrics;
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
    const store = new SegmentStore(
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
    ctx.addShutdownCallback(async () => {
      const left = await store.close(10_000);
      if (left > 0) logger.error({ left }, 'segments left in the spool for the next job');
      await db.destroy();
      metrics.close();
      slot.current = null;
    });

    let meta: z.infer<typeof jobMetadataSchema> = {};
    try {
      meta = jobMetadataSchema.parse(JSON.parse(ctx.job.metadata || '{}'));
    } catch {
      logger.warn('ignoring malformed job metadata');
    }
    const roomName = ctx.job.room?.name ?? '';
    const found = await findTranscriptionContext(db, roomName);
    const meeting = found?.meeting;
    if (!found || !meeting || (meta.meetingId && meta.meetingId !== meeting.id)) {
      logger.warn({ roomName }, 'room is not a Parley meeting; leaving');
      ctx.shutdown('unknown meeting');
      return;
    }
    if (!meeting.ai_enabled) {
      logger.info({ meetingId: meeting.id }, 'meeting is set to no AI; leaving');
      ctx.shutdown('no AI');
      return;
    }
    const recognizer = recognizerFor(
      found.teamSttProvider ?? config.stt.recognizer.provider,
      config.sharedStt ? ctx.inferenceExecutor : undefined,
    );
    const language = meeting.language ?? config.stt.language;
    const vocabulary = meetingVocabulary(meeting);
    if (vocabulary.length > 0 && recognizer.addVocabulary) {
      const v = await recognizer.addVocabulary(vocabulary).catch(() => null);
      logger.info(
        { meetingId: meeting.id, added: v?.added.length ?? 0, skipped: v?.skipped.length ?? 0 },
        'meeting vocabulary loaded',
      );
    }
    metrics.meetingId = meeting.id;
    if (config.redisUrl) {
      const heartbeat = new AgentHeartbeat(config.redisUrl, roomName, ctx.job.id);
      ctx.addShutdownCallback(() => heartbeat.stop());
    }
    const recovered = await store.recover(meeting.id).catch(() => 0);
    if (recovered > 0)
      logger.info({ meetingId: meeting.id, recovered }, 'recovered spooled segments');
    const startedAt = await markMeetingStarted(db, meeting.id);
    await ctx.connect(undefined, AutoSubscribe.AUDIO_ONLY);
    const room = ctx.room;
    // Two dispatches raced (e.g. from two web servers): one agent is enough.
    if ([...room.remoteParticipants.values()].some((p) => p.kind === ParticipantKind.AGENT)) {
      logger.info({ meetingId: meeting.id }, 'another agent is already transcribing; leaving');
      ctx.shutdown('duplicate agent');
      return;
    }
    logger.info({ meetingId: meeting.id }, 'agent joined meeting');

    // Recording (when the host allows it): frames tapped from the STT pipelines, mixed, Opus/Ogg.
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
      meetingStartedAt: startedAt,
      vad,
      gate: { thresholdRms: config.stt.gateRms },
      recognizer,
      language,
      prompt: vocabulary.length > 0 ? vocabulary.join(', ') : undefined,
      store: async (seg) => {
        metrics.inc('segments_final');
        await store.accept(seg);
      },
      log: logger,
      onProblem: (kind) => metrics.inc(kind === 'publish' ? 'publish_errors' : 'stt_errors'),
      ...(recording
        ? { onAudio: (trackSid, frame) => recording.controller.onAudio(trackSid, frame.data) }
        : {}),
      onFinalPublished: ({ latencyMs }) => metrics.observeLatency(latencyMs),
      onFinal: (seg) =>
        suggestions.addFinal({
          id: seg.segment_id,
          speaker: seg.speaker_identity,
          text: seg.text,
          startMs: seg.start_ms,
          endMs: seg.end_ms,
        }),
    });
    metrics.activeTracks = () => transcriber.activeTracks;
    metrics.readCounters = () => ({
      vad_windows: vad.stats.windows,
      vad_batches: vad.stats.batches,
    });
    const suggestions = new RoomSuggestions({
      room,
      meeting,
      engine: suggestionEngine,
      db,
      log: logger,
      scheduler: schedulerOptionsFor(config.suggestions),
    });
    suggestions.start();
    ctx.addShutdownCallback(() => Promise.resolve(suggestions.close()));
    ctx.addShutdownCallback(() => transcriber.close());
    transcriber.start();
    await room.localParticipant
      ?.setAttributes({ [ATTR_AGENT_STATE]: 'transcribing' })
      .catch((err: unknown) => logger.warn({ err: String(err) }, 'could not set agent state'));

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
