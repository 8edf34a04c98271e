import { summaryMarkdown } from './markdown.ts';
import {
  findSummary,
  latestRun,
  listActionItems,
  listExtractions,
  type Db,
  type Meeting,
} from '@parley/db';
import type { ApiPostmeeting } from '../../postmeeting/types.ts';
import { toApiActionItem } from '../subjects/service.ts';

export type { ApiPostmeeting };

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
    summary: summary
      ? {
          source: summary.source,
          overview: summary.overview,
          keyPoints: summary.key_points,
          decisions: summary.decisions,
          openQuestions: summary.open_questions,
          run: summary.run,
        }
      : null,
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
