import type { Db } from '@parley/db';
import type { Indexing } from '@parley/services/indexing';
import type { JsonChatClient } from '@parley/services/llm';
import type { SegmentSpool } from '../../persistence/spool.ts';
import type { Logger } from '@parley/services/log';
import type { Transcript } from '../types.ts';

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
  log?: Logger;
  /** Longest transcript sent to the LLM (characters). */
  promptChars?: number;
  /** Embedding texts per call of the provider. */
  embedBatch?: number;
  /** Told when a step's results are ready (outgoing webhooks); must not throw. */
  onStepDone?: (step: PostmeetingStep, meetingId: string, run: number) => Promise<void>;
  /** Queues the meeting's follow-up email once the chain is done (absent: no email). */
  followup?: ((meetingId: string) => Promise<void>) | null;
  /** Called before each step (tests use it to stop a worker in the middle). */
  beforeStep?: (step: PostmeetingStep, meetingId: string, run: number) => Promise<void>;
  signal?: AbortSignal;
}

/** What a step works on: one run of one meeting. */
export interface StepContext {
  readonly deps: PipelineDeps;
  readonly meetingId: string;
  readonly run: number;
  /** Records a warning on the run (shown on the meeting page). */
  warn(code: string): Promise<void>;
}

/** Every step after `finalise` reads the finalised transcript. */
export interface TranscriptStepContext extends StepContext {
  readonly transcript: Transcript;
}

/** How a step got its results (kept on the run: `llm`, `rules`, `db`, `fts`, …). */
export interface StepDone {
  source: string;
}
