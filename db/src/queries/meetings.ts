import type { MeetingChecklistItem, MeetingStatus, MeetingType, TeamRole } from '@parley/protocol';
import { sql } from 'kysely';
import type { Db } from '../client.ts';
import { visibleToUser } from './visibility.ts';
import { executePrepared } from '../prepared.ts';
import { findOrCreateSubject, type SubjectScope } from './subjects.ts';
import type { Meeting, Subject } from '../schema.ts';

export async function createMeeting(
  db: Db,
  input: {
    title: string;
    type: MeetingType;
    ownerId: string;
    teamId?: string | null;
    /** A subject of the meeting's scope to link (wins over `subject`). */
    subjectId?: string | null;
    /** A subject name: the scope's subject of that name, created when missing. */
    subject?: string | null;
    scheduledAt?: Date | null;
    checklist?: MeetingChecklistItem[];
    language?: string | null;
    vocabulary?: string[];
    aiEnabled?: boolean;
  },
): Promise<Meeting> {
  const id = crypto.randomUUID();
  const teamId = input.teamId ?? null;
  const subject = await subjectForMeeting(db, { ownerId: input.ownerId, teamId }, input);
  return db
    .insertInto('meetings')
    .values({
      id,
      title: input.title,
      type: input.type,
      owner_id: input.ownerId,
      room_name: `meeting-${id}`,
      team_id: teamId,
      subject_id: subject?.id ?? null,
      subject: subject?.name ?? null,
      scheduled_at: input.scheduledAt ?? null,
      checklist: JSON.stringify(input.checklist ?? []),
      language: input.language ?? null,
      vocabulary: input.vocabulary ?? [],
      ai_enabled: input.aiEnabled ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A meeting with the caller's relation to it (one indexed query). */
export interface MeetingWithRelation {
  meeting: Meeting;
  /** The caller's role in the meeting's team (null when not a member or no team). */
  teamRole: TeamRole | null;
  /** True when the caller has an open attendance row with `identity` in this meeting. */
  identityPresent: boolean;
}

/**
 * The meeting when `userId` owns it or belongs to its team; undefined otherwise (unknown and
 * invisible ids look the same). With `identity`, also reports whether that identity is in the
 * room according to the attendance records.
 */
export async function findMeetingWithRelation(
  db: Db,
  meetingId: string,
  userId: string,
  identity?: string,
): Promise<MeetingWithRelation | undefined> {
  const query = db
    .selectFrom('meetings as m')
    .leftJoin('team_members as tm', (j) =>
      j.onRef('tm.team_id', '=', 'm.team_id').on('tm.user_id', '=', userId),
    )
    .selectAll('m')
    .select('tm.role as team_role')
    .select((eb) =>
      identity === undefined
        ? sql<boolean>`false`.as('identity_present')
        : eb
            .exists(
              eb
                .selectFrom('meeting_participants as p')
                .select('p.id')
                .whereRef('p.meeting_id', '=', 'm.id')
                .where('p.identity', '=', identity)
                .where('p.left_at', 'is', null),
            )
            .as('identity_present'),
    )
    .where('m.id', '=', meetingId)
    .where(visibleToUser(userId));
  const [row] = await executePrepared(db, query);
  if (!row) return undefined;
  const { team_role, identity_present, ...meeting } = row;
  return { meeting, teamRole: team_role ?? null, identityPresent: Boolean(identity_present) };
}

export async function findMeetingById(db: Db, meetingId: string): Promise<Meeting | undefined> {
  return db.selectFrom('meetings').selectAll().where('id', '=', meetingId).executeTakeFirst();
}

export interface MeetingFilters {
  type?: MeetingType | undefined;
  subjectId?: string | undefined;
  /** Case-insensitive exact subject. */
  subject?: string | undefined;
  teamId?: string | undefined;
  status?: MeetingStatus | undefined;
  /** created_at (or scheduled_at when set) in [from, to). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Substring of the title (case-insensitive). */
  q?: string | undefined;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Meetings `userId` may see (owner, or member of the meeting's team), newest first,
 * keyset-paginated, filtered in SQL.
 */
export async function listVisibleMeetings(
  db: Db,
  userId: string,
  opts: { limit?: number; cursor?: MeetingCursor | null; filters?: MeetingFilters } = {},
): Promise<{ items: Meeting[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  const f = opts.filters ?? {};
  let q = db
    .selectFrom('meetings as m')
    .selectAll('m')
    .where(visibleToUser(userId))
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(limit + 1);
  if (f.type) q = q.where('m.type', '=', f.type);
  if (f.status) q = q.where('m.status', '=', f.status);
  if (f.teamId) q = q.where('m.team_id', '=', f.teamId);
  if (f.subjectId) q = q.where('m.subject_id', '=', f.subjectId);
  if (f.subject) {
    const subject = f.subject;
    q = q.where((eb) => eb(eb.fn('lower', ['m.subject']), '=', subject.toLowerCase()));
  }
  if (f.q) q = q.where('m.title', 'ilike', `%${escapeLike(f.q)}%`);
  const when = sql<Date>`coalesce(m.scheduled_at, m.created_at)`;
  if (f.from) q = q.where(when, '>=', f.from);
  if (f.to) q = q.where(when, '<', f.to);
  const c = opts.cursor;
  if (c) {
    q = q.where((eb) =>
      eb.or([
        eb('m.created_at', '<', c.createdAt),
        eb.and([eb('m.created_at', '=', c.createdAt), eb('m.id', '<', c.id)]),
      ]),
    );
  }
  const rows = await q.execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeMeetingCursor(last) : null };
}

/**
 * The subject a new or moved meeting links to: `subjectId` when it is in the scope, else the
 * scope's subject named `subject` (created when missing); null for none. Throws
 * `SubjectScopeError` for a `subjectId` outside the scope.
 */
async function subjectForMeeting(
  db: Db,
  scope: SubjectScope,
  input: { subjectId?: string | null | undefined; subject?: string | null | undefined },
): Promise<Subject | null> {
  if (input.subjectId) {
    const s = await db
      .selectFrom('subjects')
      .selectAll()
      .where('id', '=', input.subjectId)
      .executeTakeFirst();
    const ok =
      s &&
      (scope.teamId
        ? s.team_id === scope.teamId
        : s.team_id === null && s.owner_id === scope.ownerId);
    if (!ok) throw new SubjectScopeError();
    return s;
  }
  const name = input.subject?.trim();
  return name ? findOrCreateSubject(db, { ...scope, name }) : null;
}

/** A subject id that is not in the meeting's scope (another team's, another user's). */
export class SubjectScopeError extends Error {
  constructor() {
    super('subject is not in the meeting scope');
    this.name = 'SubjectScopeError';
  }
}

/**
 * Edits a meeting. A subject given by id or name is linked in the meeting's (new) scope; moving
 * the meeting to another team (or out of one) relinks its subject by name in the new scope.
 */
export async function updateMeeting(
  db: Db,
  meetingId: string,
  patch: {
    title?: string | undefined;
    type?: MeetingType | undefined;
    subjectId?: string | null | undefined;
    subject?: string | null | undefined;
    scheduledAt?: Date | null | undefined;
    teamId?: string | null | undefined;
    checklist?: MeetingChecklistItem[] | undefined;
    language?: string | null | undefined;
    vocabulary?: string[] | undefined;
    aiEnabled?: boolean | undefined;
    followupEmail?: boolean | undefined;
  },
): Promise<Meeting | undefined> {
  const set: Record<string, unknown> = {};
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.type !== undefined) set.type = patch.type;
  if (patch.scheduledAt !== undefined) set.scheduled_at = patch.scheduledAt;
  if (patch.teamId !== undefined) set.team_id = patch.teamId;
  if (patch.checklist !== undefined) set.checklist = JSON.stringify(patch.checklist);
  if (patch.language !== undefined) set.language = patch.language;
  if (patch.vocabulary !== undefined) set.vocabulary = patch.vocabulary;
  if (patch.aiEnabled !== undefined) set.ai_enabled = patch.aiEnabled;
  if (patch.followupEmail !== undefined) set.followup_email = patch.followupEmail;
  const before = await findMeetingById(db, meetingId);
  if (!before) return undefined;
  const teamId = patch.teamId !== undefined ? patch.teamId : before.team_id;
  const subjectGiven = patch.subjectId !== undefined || patch.subject !== undefined;
  if (subjectGiven || teamId !== before.team_id) {
    const subject = await subjectForMeeting(
      db,
      { ownerId: before.owner_id, teamId },
      subjectGiven ? patch : { subject: before.subject },
    );
    set.subject_id = subject?.id ?? null;
    set.subject = subject?.name ?? null;
  }
  if (Object.keys(set).length === 0) return before;
  return db
    .updateTable('meetings')
    .set(set)
    .where('id', '=', meetingId)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes the meeting and (by cascade) everything hanging off it; false when already gone. */
export async function deleteMeeting(db: Db, meetingId: string): Promise<boolean> {
  const r = await db.deleteFrom('meetings').where('id', '=', meetingId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Meetings currently marked live (for the room reconciler). */
export async function listLiveMeetings(
  db: Db,
): Promise<Pick<Meeting, 'id' | 'room_name' | 'started_at' | 'ai_enabled'>[]> {
  return db
    .selectFrom('meetings')
    .select(['id', 'room_name', 'started_at', 'ai_enabled'])
    .where('status', '=', 'live')
    .execute();
}

/** Rooms of the team's meetings that are not over (where members who lose access are). */
export async function listOpenTeamRooms(
  db: Db,
  teamId: string,
): Promise<{ roomName: string; ownerId: string }[]> {
  const rows = await db
    .selectFrom('meetings')
    .select(['room_name', 'owner_id'])
    .where('team_id', '=', teamId)
    .where('status', '!=', 'ended')
    .execute();
  return rows.map((r) => ({ roomName: r.room_name, ownerId: r.owner_id }));
}

/** Every meeting of a team (ended ones too) with its owner, its room and whether it is open. */
export async function listTeamMeetings(
  db: Db,
  teamId: string,
): Promise<{ id: string; ownerId: string; roomName: string; open: boolean }[]> {
  const rows = await db
    .selectFrom('meetings')
    .select(['id', 'owner_id', 'room_name', 'status'])
    .where('team_id', '=', teamId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ownerId: r.owner_id,
    roomName: r.room_name,
    open: r.status !== 'ended',
  }));
}

/** A meeting the user may see, or undefined (unknown and foreign ids look the same). */
export async function findMeetingForUser(
  db: Db,
  meetingId: string,
  userId: string,
): Promise<Meeting | undefined> {
  return db
    .selectFrom('meetings')
    .selectAll()
    .where('id', '=', meetingId)
    .where('owner_id', '=', userId)
    .executeTakeFirst();
}

export async function findMeetingByRoom(db: Db, roomName: string): Promise<Meeting | undefined> {
  return db.selectFrom('meetings').selectAll().where('room_name', '=', roomName).executeTakeFirst();
}

export interface MeetingCursor {
  createdAt: Date;
  id: string;
}

export function encodeMeetingCursor(m: Pick<Meeting, 'created_at' | 'id'>): string {
  return Buffer.from(`${m.created_at.toISOString()}|${m.id}`).toString('base64url');
}

/** Decodes a cursor from `encodeMeetingCursor`; null when it is malformed. */
export function decodeMeetingCursor(cursor: string): MeetingCursor | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!iso || !id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const createdAt = new Date(iso);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id };
}

/** The user's meetings, newest first, keyset-paginated. */
export async function listMeetingsForUser(
  db: Db,
  userId: string,
  opts: { limit?: number; cursor?: MeetingCursor | null } = {},
): Promise<{ items: Meeting[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  let q = db
    .selectFrom('meetings')
    .selectAll()
    .where('owner_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  const c = opts.cursor;
  if (c) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', c.createdAt),
        eb.and([eb('created_at', '=', c.createdAt), eb('id', '<', c.id)]),
      ]),
    );
  }
  const rows = await q.execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeMeetingCursor(last) : null };
}

/** Marks the meeting live (first start wins) and returns its start time. */
export async function markMeetingStarted(db: Db, meetingId: string): Promise<Date> {
  const row = await db
    .updateTable('meetings')
    .set((eb) => ({
      started_at: eb.fn.coalesce('started_at', eb.val(new Date())),
      status: 'live',
      ended_at: null,
    }))
    .where('id', '=', meetingId)
    .returning('started_at')
    .executeTakeFirstOrThrow();
  if (!row.started_at) throw new Error(`meeting ${meetingId} has no start time`);
  return row.started_at;
}

export async function markMeetingEnded(db: Db, meetingId: string): Promise<void> {
  await db
    .updateTable('meetings')
    .set({ status: 'ended', ended_at: new Date() })
    .where('id', '=', meetingId)
    .where('status', '!=', 'ended')
    .execute();
}
