import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../client.ts';
import type {
  Database,
  MeetingChecklistItem,
  MeetingStatus,
  MeetingSummary,
  MeetingType,
  Subject,
  SubjectKind,
  TeamRole,
} from '../schema.ts';

// Subjects: the company or person meetings are about. A subject belongs to a team or (with no
// team) to one user, and only meetings of the same scope link to it, so whoever may see a subject
// may see all of its meetings. `meetings.subject` mirrors the linked subject's name; only the
// functions here write it.

/** When the subject is in the meeting's scope (team meeting: same team; else same owner). */
const inMeetingScope = (eb: ExpressionBuilder<Database, 'meetings' | 'subjects'>) =>
  eb.or([
    eb.and([
      eb('meetings.team_id', 'is not', null),
      eb('subjects.team_id', '=', eb.ref('meetings.team_id')),
    ]),
    eb.and([
      eb('meetings.team_id', 'is', null),
      eb('subjects.team_id', 'is', null),
      eb('subjects.owner_id', '=', eb.ref('meetings.owner_id')),
    ]),
  ]);

export interface SubjectScope {
  /** The creator; for a personal subject (no team) its owner. */
  ownerId: string;
  teamId: string | null;
}

/** Creates a subject; null when the scope already has one of that name (case-insensitive). */
export async function createSubject(
  db: Db,
  input: SubjectScope & { name: string; kind?: SubjectKind | null },
): Promise<Subject | null> {
  const row = await db
    .insertInto('subjects')
    .values({
      name: input.name.trim(),
      kind: input.kind ?? null,
      owner_id: input.ownerId,
      team_id: input.teamId,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** The scope's subject of that name (case-insensitive, trimmed). */
export async function findSubjectByName(
  db: Db,
  scope: SubjectScope,
  name: string,
): Promise<Subject | undefined> {
  let q = db
    .selectFrom('subjects')
    .selectAll()
    .where(sql<string>`lower(name)`, '=', name.trim().toLowerCase());
  q = scope.teamId
    ? q.where('team_id', '=', scope.teamId)
    : q.where('team_id', 'is', null).where('owner_id', '=', scope.ownerId);
  return q.executeTakeFirst();
}

/** The scope's subject of that name, created when there is none (meeting creation's path). */
export async function findOrCreateSubject(
  db: Db,
  input: SubjectScope & { name: string; kind?: SubjectKind | null },
): Promise<Subject> {
  const created = await createSubject(db, input);
  if (created) return created;
  const found = await findSubjectByName(db, input, input.name);
  if (!found) throw new Error('subject vanished between insert and select');
  return found;
}

export interface SubjectWithRelation {
  subject: Subject;
  /** The caller's role in the subject's team (null for a personal subject). */
  teamRole: TeamRole | null;
}

/**
 * The subject when `userId` may see it (its owner for a personal subject, a member of its team for
 * a team subject); undefined otherwise (unknown and foreign ids look the same).
 */
export async function findSubjectWithRelation(
  db: Db,
  subjectId: string,
  userId: string,
): Promise<SubjectWithRelation | undefined> {
  const row = await db
    .selectFrom('subjects as s')
    .leftJoin('team_members as tm', (j) =>
      j.onRef('tm.team_id', '=', 's.team_id').on('tm.user_id', '=', userId),
    )
    .selectAll('s')
    .select('tm.role as team_role')
    .where('s.id', '=', subjectId)
    .where((eb) =>
      eb.or([
        eb.and([eb('s.team_id', 'is', null), eb('s.owner_id', '=', userId)]),
        eb('tm.user_id', 'is not', null),
      ]),
    )
    .executeTakeFirst();
  if (!row) return undefined;
  const { team_role, ...subject } = row;
  return { subject, teamRole: team_role ?? null };
}

export interface SubjectListItem extends Subject {
  meeting_count: number;
  last_meeting_at: Date | null;
}

/**
 * Subjects `userId` may see, most recently met first. `q`: names starting with it (typeahead);
 * `teamId`: one team's (null: personal ones only; undefined: all).
 */
export async function listVisibleSubjects(
  db: Db,
  userId: string,
  opts: { q?: string | undefined; teamId?: string | null | undefined; limit?: number } = {},
): Promise<SubjectListItem[]> {
  let q = db
    .selectFrom('subjects as s')
    .selectAll('s')
    .select((eb) => [
      eb
        .selectFrom('meetings')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('meetings.subject_id', '=', 's.id')
        .as('meeting_count'),
      eb
        .selectFrom('meetings')
        .select(sql<Date>`max(coalesce(started_at, scheduled_at, created_at))`.as('at'))
        .whereRef('meetings.subject_id', '=', 's.id')
        .as('last_meeting_at'),
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('s.team_id', 'is', null), eb('s.owner_id', '=', userId)]),
        eb(
          's.team_id',
          'in',
          eb.selectFrom('team_members').select('team_id').where('user_id', '=', userId),
        ),
      ]),
    )
    .orderBy(sql`last_meeting_at desc nulls last`)
    .orderBy(sql`lower(s.name)`)
    .limit(Math.min(Math.max(opts.limit ?? 50, 1), 200));
  if (opts.q) {
    const prefix = opts.q
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (c) => `\\${c}`);
    q = q.where(sql<string>`lower(s.name)`, 'like', `${prefix}%`);
  }
  if (opts.teamId === null) q = q.where('s.team_id', 'is', null);
  else if (opts.teamId) q = q.where('s.team_id', '=', opts.teamId);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, meeting_count: r.meeting_count ?? 0 }));
}

/**
 * Renames (and/or re-kinds) a subject and its meetings' copy of the name. `duplicate` when the
 * scope has another subject of the new name; undefined when the subject is gone.
 */
export async function updateSubject(
  db: Db,
  subjectId: string,
  patch: { name?: string | undefined; kind?: SubjectKind | null | undefined },
): Promise<Subject | 'duplicate' | undefined> {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('subjects')
        .set({
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', subjectId)
        .returningAll()
        .executeTakeFirst();
      if (row && patch.name !== undefined) {
        await trx
          .updateTable('meetings')
          .set({ subject: row.name })
          .where('subject_id', '=', subjectId)
          .execute();
      }
      return row;
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return 'duplicate';
    throw err;
  }
}

export type MergeResult = { merged: Subject; moved: number } | 'same' | 'not_found' | 'scope';

/**
 * Moves every meeting of `sourceId` to `targetId` and deletes the source. Both must exist and
 * belong to the same scope (`scope` otherwise); `same` when they are one subject.
 */
export async function mergeSubjects(
  db: Db,
  sourceId: string,
  targetId: string,
): Promise<MergeResult> {
  if (sourceId === targetId) return 'same';
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('subjects')
      .selectAll()
      .where('id', 'in', [sourceId, targetId])
      .forUpdate()
      .execute();
    const source = rows.find((r) => r.id === sourceId);
    const target = rows.find((r) => r.id === targetId);
    if (!source || !target) return 'not_found';
    const sameScope = source.team_id
      ? source.team_id === target.team_id
      : target.team_id === null && source.owner_id === target.owner_id;
    if (!sameScope) return 'scope';
    const moved = await trx
      .updateTable('meetings')
      .set({ subject_id: target.id, subject: target.name })
      .where('subject_id', '=', source.id)
      .executeTakeFirst();
    await trx.deleteFrom('subjects').where('id', '=', source.id).execute();
    const merged = await trx
      .updateTable('subjects')
      .set({ updated_at: new Date() })
      .where('id', '=', target.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { merged, moved: Number(moved.numUpdatedRows) };
  });
}

/**
 * Links the meeting to a subject of its own scope (or unlinks it with null), copying the name.
 * False when the meeting is gone or the subject is not in its scope.
 */
export async function setMeetingSubject(
  db: Db,
  meetingId: string,
  subjectId: string | null,
): Promise<boolean> {
  if (subjectId === null) {
    const r = await db
      .updateTable('meetings')
      .set({ subject_id: null, subject: null })
      .where('id', '=', meetingId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  const r = await db
    .updateTable('meetings')
    .from('subjects')
    .set((eb) => ({ subject_id: eb.ref('subjects.id'), subject: eb.ref('subjects.name') }))
    .where('meetings.id', '=', meetingId)
    .where('subjects.id', '=', subjectId)
    .where(inMeetingScope)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

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
