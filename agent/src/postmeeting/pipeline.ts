import {
  addRunWarning,
  findMeetingById,
  findRun,
  markRunDone,
  markRunStarted,
  recordRunStep,
} from '@parley/db';
import { actionItemsStep } from './steps/action-items.ts';
import { extractionStep } from './steps/extraction.ts';
import { loadTranscript } from './steps/finalise.ts';
import { indexStep } from './steps/index-step.ts';
import { summaryStep } from './steps/summary.ts';
import {
  POSTMEETING_STEPS,
  type PipelineDeps,
  type PostmeetingStep,
  type StepContext,
  type StepDone,
  type TranscriptStepContext,
} from './steps/types.ts';
import { silentLogger } from '@parley/services/log';
import type { Transcript } from './types.ts';

export type PipelineOutcome = 'done' | 'already_done' | 'meeting_gone' | 'run_gone';

/** Per-step timings of one pass (ms), for benchmarks. */
export type StepTimings = Partial<Record<PostmeetingStep, number>>;

/** The steps after `finalise`, each reading the transcript it loaded. */
const STEPS: Record<
  Exclude<PostmeetingStep, 'finalise'>,
  (ctx: TranscriptStepContext) => Promise<StepDone>
> = {
  summary: summaryStep,
  action_items: actionItemsStep,
  extraction: extractionStep,
  index: indexStep,
};

/**
 * Runs (or resumes) one run of the chain. Steps recorded `done` by an earlier attempt of the
 * same run are not repeated (except `finalise`, which loads the transcript the others read);
 * every step replaces its results, so a step interrupted half-way simply runs again. Returns
 * what happened; throws when a step fails (the queue retries).
 */
export async function runPostmeeting(
  deps: PipelineDeps,
  meetingId: string,
  run: number,
  timings?: StepTimings,
): Promise<PipelineOutcome> {
  const { db } = deps;
  const log = deps.log ?? silentLogger;
  const existing = await findRun(db, meetingId, run);
  if (!existing) return (await findMeetingById(db, meetingId)) ? 'run_gone' : 'meeting_gone';
  if (existing.status === 'done') return 'already_done';
  await markRunStarted(db, meetingId, run);
  const ctx: StepContext = {
    deps,
    meetingId,
    run,
    warn: async (code) => {
      log.warn({ meetingId, run, warning: code }, 'post-meeting warning');
      await addRunWarning(db, meetingId, run, code);
    },
  };
  let transcript: Transcript | null = null;
  for (const step of POSTMEETING_STEPS) {
    deps.signal?.throwIfAborted();
    const prev = existing.steps[step];
    // A step done by an earlier attempt is told again: its event may not have gone out.
    if (prev?.status === 'done' && step !== 'finalise') {
      await deps.onStepDone?.(step, meetingId, run);
      continue;
    }
    const done = await recordedStep(ctx, step, (prev?.attempts ?? 0) + 1, timings, async () => {
      if (step === 'finalise') {
        transcript = await loadTranscript(db, meetingId, deps.spool);
        return transcript ? { source: 'db' } : null;
      }
      if (!transcript) throw new Error('finalise runs before the other steps');
      return STEPS[step]({ ...ctx, transcript });
    });
    if (!done) return 'meeting_gone';
    await deps.onStepDone?.(step, meetingId, run);
  }
  // Queued before the run is marked done, so a failure here is retried with the run (the queue
  // keeps one email job per meeting: re-runs and retries do not send it twice).
  await deps.followup?.(meetingId);
  await markRunDone(db, meetingId, run);
  return 'done';
}

/**
 * Runs one step with its progress on the run record (running → done with its time and source,
 * or failed). `work` returning null means the meeting is gone: nothing more is recorded.
 */
async function recordedStep(
  ctx: StepContext,
  step: PostmeetingStep,
  attempts: number,
  timings: StepTimings | undefined,
  work: () => Promise<StepDone | null>,
): Promise<boolean> {
  const { deps, meetingId, run } = ctx;
  await recordRunStep(deps.db, meetingId, run, step, { status: 'running', attempts });
  const t0 = performance.now();
  let done: StepDone | null;
  try {
    await deps.beforeStep?.(step, meetingId, run);
    done = await work();
  } catch (err) {
    await recordRunStep(deps.db, meetingId, run, step, {
      status: 'failed',
      attempts,
      ms: Math.round(performance.now() - t0),
    }).catch(() => undefined);
    throw err;
  }
  if (!done) return false;
  const ms = Math.round(performance.now() - t0);
  if (timings) timings[step] = ms;
  await recordRunStep(deps.db, meetingId, run, step, {
    status: 'done',
    attempts,
    ms,
    source: done.source,
  });
  (deps.log ?? silentLogger).info(
    { meetingId, run, step, ms, source: done.source },
    'post-meeting step done',
  );
  return true;
}
