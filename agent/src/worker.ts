// The job that runs in each meeting room. The worker (main.ts) forks a process per job and
// imports this module there; it must have no side effects at import time.
import { defineAgent, log, type JobContext, type JobProcess } from '@livekit/agents';
import { loadPromptLibrary } from '@parley/prompts';
import type { SttProvider } from '@parley/protocol';
import { workerConfigFromEnv } from './config.ts';
import {
  findJobMeeting,
  handOverOnConnectionLoss,
  joinRoom,
  leaveWhenEmpty,
  openJobResources,
  prepareSpeech,
  resumeMeeting,
  startMeetingWork,
  type ProcData,
} from './job-phases.ts';
import { createSuggestionEngine } from './suggestions/index.ts';
import {
  createRecognizer,
  Denoiser,
  loadVad,
  type InferenceClient,
  type SpeechRecognizer,
} from './transcription/index.ts';

export default defineAgent({
  prewarm: async (proc: JobProcess) => {
    const config = workerConfigFromEnv(process.env);
    const metrics: ProcData['metrics'] = { current: null };
    const sttUsage: ProcData['sttUsage'] = { current: null };
    const made = new Map<string, SpeechRecognizer>();
    const recognizerFor = (p: SttProvider, shared?: InferenceClient) => {
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
            onReconnect: () => metrics.current?.inc('stt_reconnects'),
            onFallbackAudio: (s) => metrics.current?.inc('stt_fallback_ms', Math.round(s * 1000)),
            onAudioSent: (s) => {
              metrics.current?.inc('stt_provider_audio_ms', s * 1000);
              sttUsage.current?.add(p, s);
            },
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
    // A missing noise-suppression library stops the worker here, not each track later.
    if (config.stt.denoise) new Denoiser(config.stt.denoise).close();
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
      sttUsage,
      suggestionEngine,
    } satisfies ProcData);
  },

  /** One meeting: its phases, in order (job-phases.ts). */
  entry: async (ctx: JobContext) => {
    const proc = ctx.proc.userData as ProcData;
    const job = openJobResources(ctx, proc);
    const found = await findJobMeeting(ctx, job);
    if (!found) return;
    const { meeting } = found;
    const speech = await prepareSpeech(ctx, proc, job, found);
    const startedAt = await resumeMeeting(ctx, proc.config, job, meeting);
    const room = await joinRoom(ctx, job, meeting);
    if (!room) return;
    handOverOnConnectionLoss(ctx, room, job.logger, meeting.id);
    await startMeetingWork(ctx, proc, job, { room, meeting, speech, startedAt });
    leaveWhenEmpty(ctx, room, job.logger, meeting.id);
  },
});
