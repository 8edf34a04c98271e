import { summaryMarkdown } from './markdown.ts';
import {
  editSummary,
  findSummary,
  findUserById,
  latestRun,
  revertSummary,
  listActionItems,
  listExtractions,
  type Db,
  type Meeting,
  type MeetingSummary,
  type SummaryContent,
} from '@parley/db';
import type { ApiPostmeeting, ApiSummary } from '../../postmeeting/types.ts';
import { ApiError } from '../http/errors.ts';
import { toApiActionItem } from '../subjects/service.ts';

export type { ApiPostmeeting };

async function toApiSummary(db: Db, s: MeetingSummary): Promise<ApiSummary> {
  const editor = s.edited_by ? await findUserById(db, s.edited_by) : undefined;
  return {
    source: s.source,
    overview: s.overview,
    keyPoints: s.key_points,
    decisions: s.decisions,
    openQuestions: s.open_questions,
    run: s.run,
    edited: s.edited_at ? { at: s.edited_at.toISOString(), by: editor?.name ?? null } : null,
  };
}

const NO_SUMMARY = () =>
  new ApiError(409, 'no_summary', 'There is no summary yet: it is written after the meeting.');

/** A person's corrected summary (the meeting's editors); re-runs keep it. */
export async function editSummaryFor(
  db: Db,
  meetingId: string,
  userId: string,
  content: SummaryContent,
): Promise<ApiSummary> {
  const row = await editSummary(db, meetingId, content, userId);
  if (!row) throw NO_SUMMARY();
  return toApiSummary(db, row);
}

/** Drops people's edits: the summary is the pipeline's latest again. */
export async function revertSummaryFor(db: Db, meetingId: string): Promise<ApiSummary> {
  const row = await revertSummary(db, meetingId);
  if (!row) throw NO_SUMMARY();
  return toApiSummary(db, row);
}

export async function postmeetingView(db: Db, meetingId: string): Promise<ApiPostmeeting> {
  const [run, summary, items, data] = await Promise.all([
    latestRun(db, meetingId),
    findSummary(db, meetingId),
    listActionItems(db, meetingId),
    listExtractions(db, meetingId),
  ]);
  return {
    run: run
      ? {
          number: run.run,
          status: run.status,
          step: run.step,
          steps: run.steps,
          warnings: run.warnings,
          // Failure text is a short error code/message, shown to people who may see the meeting.
          error: run.error,
          attempts: run.attempts,
          trigger: run.trigger,
          queuedAt: run.queued_at.toISOString(),
          finishedAt: run.finished_at?.toISOString() ?? null,
        }
      : null,
    summary: summary ? await toApiSummary(db, summary) : null,
    actionItems: items.map(toApiActionItem),
    data: data.map((d) => ({
      id: d.field_id,
      label: d.label,
      value: d.value,
      unit: d.unit,
      startMs: d.start_ms,
    })),
  };
}

/** Summary, action items and data as Markdown, with links to the moments. */
export async function postmeetingMarkdown(
  db: Db,
  meeting: Meeting,
  origin: string,
): Promise<string> {
  const [summary, items, data] = await Promise.all([
    findSummary(db, meeting.id),
    listActionItems(db, meeting.id),
    listExtractions(db, meeting.id),
  ]);
  return summaryMarkdown({
    title: meeting.title,
    date: meeting.started_at ?? meeting.scheduled_at ?? meeting.created_at,
    momentUrl: (ms) => `${origin}/meetings/${meeting.id}?t=${ms}`,
    summary: summary ?? null,
    actionItems: items.filter((i) => i.review !== 'rejected'),
    extractions: data,
  });
}
