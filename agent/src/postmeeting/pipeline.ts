import {
  addRunWarning,
  findMeetingById,
  findRun,
  insertSegments,
  listParticipants,
  listSegments,
  markRunDone,
  markRunStarted,
  recordRunStep,
  replaceActionItems,
  replaceExtractions,
  segmentsForIndexing,
  upsertSummary,
  type Db,
  type PostmeetingStepRecord,
} from '@parley/db';
import { extractionFields } from '@parley/prompts';
import {
  PgVectorStore,
  VectorStoreUnavailableError,
  meetingNamespace,
  type Indexing,
} from '@parley/services/indexing';
import { LlmError, type JsonChatClient } from '@parley/services/llm';
import type { SegmentSpool } from '../persistence/spool.ts';
import { ruleActionItems } from './action-items.ts';
import { ruleExtraction } from './extraction.ts';
import { DEFAULT_PROMPT_CHARS, llmActionItems, llmExtraction, llmSummary } from './llm-steps.ts';
import { extractiveSummary } from './summary.ts';
import {
  silentPipelineLogger,
  type Line,
  type Participant,
  type PipelineLogger,
  type Transcript,
} from './types.ts';

/** The chain, in order. Each step replaces its own results, so any step may run again. */
export const POSTMEETING_STEPS = [
  'finalise',
  'summary',
  'action_items',
  'extraction',
  'index',
] as const;
export type PostmeetingStep = (typeof POSTMEETING_STEPS)[number];

export interface PipelineDeps {
  db: Db;
  /** The agent's segment spool: finals a dead agent left there are written first. */
  spool?: SegmentSpool | null;
  /** With an LLM the steps use it (validated JSON), falling back to the offline step. */
  llm?: JsonChatClient | null;
  /** Semantic index (embeddings + vector store); null: full-text search only. */
  indexing?: Indexing | null;
  log?: PipelineLogger;
  /** Longest transcript sent to the LLM (characters). */
  promptChars?: number;
  /** Embedding texts per call of the provider. */
  embedBatch?: number;
  /** Called before each step (tests use it to stop a worker in the middle). */
  beforeStep?: (step: PostmeetingStep, meetingId: string, run: number) => Promise<void>;
  signal?: AbortSignal;
}

export type PipelineOutcome = 'done' | 'already_done' | 'meeting_gone' | 'run_gone';

/** Per-step timings of one pass (ms), for benchmarks. */
export type StepTimings = Partial<Record<PostmeetingStep, number>>;

const dayOf = (m: { started_at: Date | null; scheduled_at: Date | null; created_at: Date }) =>
  m.started_at ?? m.scheduled_at ?? m.created_at;

/** Writes finals left in the spool, then reads the transcript and who took part. */
export async function loadTranscript(
  db: Db,
  meetingId: string,
  spool?: SegmentSpool | null,
): Promise<Transcript | null> {
  const meeting = await findMeetingById(db, meetingId);
  if (!meeting) return null;
  if (spool) {
    const pending = await spool.pending(meetingId);
    if (pending.length > 0) {
      await insertSegments(db, pending);
      await spool.remove(
        meetingId,
        pending.map((s) => s.segment_id),
      );
    }
  }
  const segs = await listSegments(db, meetingId);
  const lines: Line[] = segs
    .filter((s) => s.text.trim().length > 0)
    .map((s, i) => ({
      n: i + 1,
      rowId: s.id,
      segmentId: s.segment_id,
      speakerIdentity: s.speaker_identity,
      speakerName: s.speaker_name,
      text: s.text,
      startMs: s.start_ms,
      endMs: s.end_ms,
    }));
  const people = new Map<string, Participant>();
  for (const l of lines)
    people.set(l.speakerIdentity, { identity: l.speakerIdentity, name: l.speakerName });
  for (const p of await listParticipants(db, meetingId)) {
    // People (members and guests), not the agent.
    if (p.user_id || p.identity.startsWith('guest-')) {
      if (!people.has(p.identity)) people.set(p.identity, { identity: p.identity, name: p.name });
    }
  }
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      type: meeting.type,
      teamId: meeting.team_id,
      ownerId: meeting.owner_id,
      date: dayOf(meeting),
    },
    lines,
    participants: [...people.values()],
  };
}

function llmProblem(err: unknown): string {
  return err instanceof LlmError ? err.kind : 'error';
}

/**
 * Runs (or resumes) one run of the chain. Steps recorded `done` by an earlier attempt of the
 * same run are not repeated; every step replaces its results, so a step interrupted half-way
 * simply runs again. Returns what happened; throws when a step fails (the queue retries).
 */
export async function runPostmeeting(
  deps: PipelineDeps,
  meetingId: string,
  run: number,
  timings?: StepTimings,
): Promise<PipelineOutcome> {
  const { db } = deps;
  const log = deps.log ?? silentPipelineLogger;
  const existing = await findRun(db, meetingId, run);
  if (!existing) return (await findMeetingById(db, meetingId)) ? 'run_gone' : 'meeting_gone';
  if (existing.status === 'done') return 'already_done';
  await markRunStarted(db, meetingId, run);
  const steps = existing.steps;
  const warn = async (code: string) => {
    log.warn({ meetingId, run, warning: code }, 'post-meeting warning');
    await addRunWarning(db, meetingId, run, code);
  };

  let transcript: Transcript | null = null;
  for (const step of POSTMEETING_STEPS) {
    deps.signal?.throwIfAborted();
    const prev = steps[step];
    if (prev?.status === 'done' && step !== 'finalise') continue;
    const attempts = (prev?.attempts ?? 0) + 1;
    await recordRunStep(db, meetingId, run, step, { status: 'running', attempts });
    const t0 = performance.now();
    let source = 'rules';
    try {
      await deps.beforeStep?.(step, meetingId, run);
      if (step === 'finalise' || !transcript) {
        transcript = await loadTranscript(db, meetingId, deps.spool);
        if (!transcript) return 'meeting_gone';
        source = 'db';
      }
      const t = transcript;
      const chars = deps.promptChars ?? DEFAULT_PROMPT_CHARS;
      switch (step) {
        case 'finalise':
          break;
        case 'summary': {
          let summary = null;
          if (deps.llm && t.lines.length > 0) {
            try {
              const r = await llmSummary(deps.llm, t, chars, deps.signal);
              if (r.truncated) await warn('summary: transcript cut to fit the LLM prompt');
              summary = r.value;
            } catch (err) {
              await warn(`summary: LLM failed (${llmProblem(err)}), extractive summary used`);
            }
          }
          summary ??= extractiveSummary(t);
          source = summary.source;
          await upsertSummary(db, { meetingId, run, ...summary });
          break;
        }
        case 'action_items': {
          let items = null;
          source = 'llm';
          if (deps.llm && t.lines.length > 0) {
            try {
              items = (await llmActionItems(deps.llm, t, chars, deps.signal)).value;
            } catch (err) {
              await warn(`action items: LLM failed (${llmProblem(err)}), rules used`);
            }
          }
          if (!items) {
            items = ruleActionItems(t.lines, t.participants, t.meeting.date);
            source = 'rules';
          }
          await replaceActionItems(db, meetingId, run, items);
          break;
        }
        case 'extraction': {
          let fields = null;
          source = 'llm';
          if (deps.llm && t.lines.length > 0) {
            try {
              fields = (await llmExtraction(deps.llm, t, chars, deps.signal)).value;
            } catch (err) {
              await warn(`extraction: LLM failed (${llmProblem(err)}), rules used`);
            }
          }
          if (!fields) {
            fields = ruleExtraction(
              t.lines,
              extractionFields(t.meeting.type).fields,
              t.meeting.date,
            );
            source = 'rules';
          }
          await replaceExtractions(db, meetingId, run, fields);
          break;
        }
        case 'index': {
          // Full-text search needs nothing here: the tsvector column is generated by Postgres.
          if (!deps.indexing) {
            source = 'fts';
            break;
          }
          const { embeddings, store } = deps.indexing;
          source = `${embeddings.name}+${store.name}`;
          if (store instanceof PgVectorStore) {
            try {
              await store.ensureSchema();
            } catch (err) {
              if (!(err instanceof VectorStoreUnavailableError)) throw err;
              // No pgvector on this server: full-text search still works; say so once per run.
              await warn('index: pgvector is not available here, full-text search only');
              source = 'fts';
              break;
            }
          }
          const segs = await segmentsForIndexing(db, meetingId);
          const ns = meetingNamespace({ team_id: t.meeting.teamId, owner_id: t.meeting.ownerId });
          const batch = deps.embedBatch ?? 256;
          for (let i = 0; i < segs.length; i += batch) {
            const part = segs.slice(i, i + batch);
            const vectors = await embeddings.embed(
              part.map((s) => `${s.speakerName}: ${s.text}`),
              deps.signal,
            );
            await store.upsert(
              ns,
              part.map((s, j) => ({
                id: s.id,
                values: vectors[j] ?? [],
                metadata: { meetingId, startMs: s.startMs },
              })),
            );
          }
          break;
        }
      }
    } catch (err) {
      await recordRunStep(db, meetingId, run, step, {
        status: 'failed',
        attempts,
        ms: Math.round(performance.now() - t0),
      }).catch(() => undefined);
      throw err;
    }
    const ms = Math.round(performance.now() - t0);
    if (timings) timings[step] = ms;
    const record: PostmeetingStepRecord = { status: 'done', attempts, ms, source };
    await recordRunStep(db, meetingId, run, step, record);
    log.info({ meetingId, run, step, ms, source }, 'post-meeting step done');
  }
  await markRunDone(db, meetingId, run);
  return 'done';
}
