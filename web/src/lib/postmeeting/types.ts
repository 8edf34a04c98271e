// Shapes shared by the server (search/post-meeting services) and the page components.
import type { ApiActionItem } from '@parley/protocol';

export type { ApiActionItem };

export interface SummaryPoint {
  text: string;
  segmentId: string | null;
  startMs: number | null;
}

/** What the meeting page and `GET /api/meetings/:id/postmeeting` show. */
/** The summary as the meeting page and the API show it. */
export type ApiSummary = NonNullable<ApiPostmeeting['summary']>;

export interface ApiPostmeeting {
  run: {
    number: number;
    status: 'queued' | 'running' | 'done' | 'failed';
    step: string | null;
    steps: Record<string, { status: string; ms?: number; source?: string; attempts: number }>;
    warnings: string[];
    error: string | null;
    attempts: number;
    trigger: string;
    queuedAt: string;
    finishedAt: string | null;
  } | null;
  summary: {
    source: 'llm' | 'extractive';
    overview: string;
    keyPoints: SummaryPoint[];
    decisions: SummaryPoint[];
    openQuestions: SummaryPoint[];
    run: number;
    /** A person's edit (re-runs keep it; a revert brings back the pipeline's version). */
    edited: { at: string; by: string | null } | null;
  } | null;
  actionItems: ApiActionItem[];
  data: { id: string; label: string; value: string; unit: string | null; startMs: number | null }[];
}

export interface MomentView {
  /** The requested moment (ms from the meeting's start). */
  t: number;
  lines: { startMs: number; speaker: string; text: string; current: boolean }[];
}
