import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { MeetingChecklistItem, MeetingStatus, MeetingType } from '@parley/protocol';
import type { MeetingSummary } from '../schema.ts';

// What a subject's meetings left behind, read by subject through `meetings.subject_id` (indexed)
// and the per-meeting keys of each result table; transcripts are never scanned.

/** Options of the per-subject reads: leave out one meeting (the one a brief is for). */
export interface SubjectReadOptions {
  excludeMeetingId?: string | undefined;
}

/** The time a meeting is placed at: its start, else its schedule, else its creation. */
const meetingAt = sql<Date>`coalesce(m.started_at, m.scheduled_at, m.created_at)`;

export interface SubjectMeeting {
  id: string;
  title: string;
  type: MeetingType;
  status: MeetingStatus;
  at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  /** The summary's overview, when the pipeline wrote one. */
  overview: string | null;
}

/** The subject's meetings, newest first (the timeline). */
export async function listSubjectMeetings(
  db: Db,
  subjectId: string,
  opts: SubjectReadOptions & { limit?: number } = {},
): Promise<SubjectMeeting[]> {
  let q = db
    .selectFrom('meetings as m')
    .leftJoin('meeting_summaries as ms', 'ms.meeting_id', 'm.id')
    .select(['m.id', 'm.title', 'm.type', 'm.status', 'm.started_at', 'm.ended_at'])
    .select(meetingAt.as('at'))
    .select('ms.overview')
    .where('m.subject_id', '=', subjectId)
    .orderBy('at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(Math.min(Math.max(opts.limit ?? 500, 1), 1000));
  if (opts.excludeMeetingId) q = q.where('m.id', '!=', opts.excludeMeetingId);
  return q.execute();
}

/** One extracted value of one of the subject's ended meetings. */
export interface SubjectMetricRow {
  meeting_id: string;
  meeting_title: string;
  meeting_at: Date;
  field_id: string;
  label: string;
  type: string;
  value: string;
  unit: string | null;
  segment_id: string | null;
  start_ms: number | null;
}

/** Every extracted value of the subject's ended meetings, oldest meeting first. */
export async function listSubjectMetrics(
  db: Db,
  subjectId: string,
  opts: SubjectReadOptions = {},
): Promise<SubjectMetricRow[]> {
  let q = db
    .selectFrom('meeting_extractions as e')
    .innerJoin('meetings as m', 'm.id', 'e.meeting_id')
    .select(['e.meeting_id', 'm.title as meeting_title'])
    .select(meetingAt.as('meeting_at'))
    .select(['e.field_id', 'e.label', 'e.type', 'e.value', 'e.unit', 'e.segment_id', 'e.start_ms'])
    .where('m.subject_id', '=', subjectId)
    .where('m.status', '=', 'ended')
    .orderBy('meeting_at')
    .orderBy('e.field_id');
  if (opts.excludeMeetingId) q = q.where('m.id', '!=', opts.excludeMeetingId);
  return q.execute();
}

/** A checklist item no ended meeting of the subject covered. */
export interface NeverCoveredItem {
  item_id: string;
  title: string;
  priority: MeetingChecklistItem['priority'];
  /** Ended meetings whose checklist had it. */
  meetings: number;
  last_meeting_id: string;
  last_meeting_at: Date;
}

/**
 * Checklist items of the subject's ended meetings (matched by item id) that no meeting covered
 * (no coverage state beyond `not_discussed`), highest priority first.
 */
export async function listSubjectNeverCovered(
  db: Db,
  subjectId: string,
  opts: SubjectReadOptions = {},
): Promise<NeverCoveredItem[]> {
  const exclude = opts.excludeMeetingId ?? null;
  const r = await sql<NeverCoveredItem>`
    with ms as (
      select m.id, m.checklist, coalesce(m.started_at, m.scheduled_at, m.created_at) as at
        from meetings m
       where m.subject_id = ${subjectId} and m.status = 'ended'
         and (${exclude}::uuid is null or m.id <> ${exclude}::uuid)
    ), items as (
      select item->>'id' as item_id, item->>'title' as title, item->>'priority' as priority,
             ms.id as meeting_id, ms.at
        from ms cross join lateral jsonb_array_elements(ms.checklist) as item
    ), covered as (
      select distinct c.item_id from checklist_coverage c join ms on ms.id = c.meeting_id
       where c.state <> 'not_discussed'
    )
    select item_id,
           (array_agg(title order by at desc))[1] as title,
           (array_agg(priority order by at desc))[1] as priority,
           count(distinct meeting_id)::int as meetings,
           (array_agg(meeting_id order by at desc))[1] as last_meeting_id,
           max(at) as last_meeting_at
      from items
     where item_id is not null and item_id not in (select item_id from covered)
     group by item_id
     order by case (array_agg(priority order by at desc))[1]
                when 'critical' then 0 when 'important' then 1 else 2 end, item_id`.execute(db);
  return r.rows;
}

export interface SubjectSummary extends MeetingSummary {
  meeting_title: string;
  meeting_at: Date;
}

/** The summary of the subject's newest ended meeting that has one. */
export async function findSubjectLastSummary(
  db: Db,
  subjectId: string,
  opts: SubjectReadOptions = {},
): Promise<SubjectSummary | undefined> {
  let q = db
    .selectFrom('meeting_summaries as s')
    .innerJoin('meetings as m', 'm.id', 's.meeting_id')
    .selectAll('s')
    .select('m.title as meeting_title')
    .select(meetingAt.as('meeting_at'))
    .where('m.subject_id', '=', subjectId)
    .where('m.status', '=', 'ended')
    .orderBy('meeting_at', 'desc')
    .limit(1);
  if (opts.excludeMeetingId) q = q.where('m.id', '!=', opts.excludeMeetingId);
  return q.executeTakeFirst();
}
