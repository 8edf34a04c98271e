import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../client.ts';
import type { SubjectKind, TeamRole } from '@parley/protocol';
import type { Database, Subject } from '../schema.ts';

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
