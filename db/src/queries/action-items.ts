import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../client.ts';
import type { ActionItemReview, ActionItemStatus, MeetingType } from '@parley/protocol';
import type { ActionItem, Database } from '../schema.ts';
import { visibleToUser } from './visibility.ts';

// Action items: written by the post-meeting pipeline, then owned by people (done / undo, text,
// assignee, due date, accept / reject). A re-run of the pipeline replaces only the items nobody
// touched, and does not bring back one a person already handled (matched on the pipeline's text).

export interface ActionItemInput {
  text: string;
  ownerIdentity: string | null;
  ownerName: string | null;
  /** YYYY-MM-DD */
  dueDate: string | null;
  dueText: string | null;
  segmentId: string | null;
  startMs: number | null;
  source: 'llm' | 'rules';
}

/** An item a person handled: their own, done, reviewed or edited. */
const touched = (eb: ExpressionBuilder<Database, 'action_items'>) =>
  eb.or([
    eb('source', '=', 'user'),
    eb('status', '!=', 'open'),
    eb('review', '!=', 'pending'),
    eb('edited_at', 'is not', null),
  ]);

/** Text compared loosely (case, spacing and punctuation aside). */
export function actionItemKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Replaces the pipeline's untouched items with `items` (one transaction: readers see old or new,
 * never both). Items people handled stay as they are; a new item whose text matches one of
 * theirs (as the pipeline first wrote it) is not added again.
 */
export async function replaceActionItems(
  db: Db,
  meetingId: string,
  run: number,
  items: ActionItemInput[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('action_items')
      .where('meeting_id', '=', meetingId)
      .where((eb) => eb.not(touched(eb)))
      .execute();
    const kept = await trx
      .selectFrom('action_items')
      .select(['machine_text', 'text'])
      .where('meeting_id', '=', meetingId)
      .execute();
    const known = new Set(kept.map((k) => actionItemKey(k.machine_text ?? k.text)));
    const fresh = items.filter((it) => !known.has(actionItemKey(it.text)));
    if (fresh.length === 0) return;
    await trx
      .insertInto('action_items')
      .values(
        fresh.map((it) => ({
          meeting_id: meetingId,
          position: items.indexOf(it),
          run,
          text: it.text,
          machine_text: it.text,
          owner_identity: it.ownerIdentity,
          owner_name: it.ownerName,
          due_date: it.dueDate,
          due_text: it.dueText,
          segment_id: it.segmentId,
          start_ms: it.startMs,
          source: it.source,
        })),
      )
      .execute();
  });
}

const COLUMNS = [
  'ai.id',
  'ai.meeting_id',
  'ai.position',
  'ai.run',
  'ai.text',
  'ai.owner_identity',
  'ai.owner_name',
  sql<string | null>`to_char(ai.due_date, 'YYYY-MM-DD')`.as('due_date'),
  'ai.due_text',
  'ai.segment_id',
  'ai.start_ms',
  'ai.source',
  'ai.status',
  'ai.done_at',
  'ai.review',
  'ai.edited_at',
  'ai.edited_by',
  'ai.machine_text',
  'ai.created_at',
] as const;

/** The meeting's action items in order, rejected ones included (callers decide what to show). */
export async function listActionItems(db: Db, meetingId: string): Promise<ActionItem[]> {
  return db
    .selectFrom('action_items as ai')
    .select(COLUMNS)
    .where('ai.meeting_id', '=', meetingId)
    .orderBy('ai.position')
    .orderBy('ai.created_at')
    .orderBy('ai.id')
    .execute();
}

export interface ActionItemPatch {
  text?: string | undefined;
  /** Participant identity of the assignee (null: free text or nobody). */
  ownerIdentity?: string | null | undefined;
  ownerName?: string | null | undefined;
  dueDate?: string | null | undefined;
  status?: ActionItemStatus | undefined;
  review?: ActionItemReview | undefined;
}

/**
 * Applies a person's change to one of the meeting's items; undefined when there is no such item.
 * Editing text, assignee or due date accepts a pending machine-made item.
 */
export async function updateActionItem(
  db: Db,
  meetingId: string,
  itemId: string,
  patch: ActionItemPatch,
  userId: string | null,
): Promise<ActionItem | undefined> {
  const set: Record<string, unknown> = {};
  const edit =
    patch.text !== undefined ||
    patch.ownerIdentity !== undefined ||
    patch.ownerName !== undefined ||
    patch.dueDate !== undefined;
  if (patch.text !== undefined) set.text = patch.text;
  if (patch.ownerIdentity !== undefined) set.owner_identity = patch.ownerIdentity;
  if (patch.ownerName !== undefined) set.owner_name = patch.ownerName;
  if (patch.dueDate !== undefined) {
    set.due_date = patch.dueDate;
    set.due_text = null;
  }
  if (edit) {
    set.edited_at = new Date();
    set.edited_by = userId;
  }
  if (patch.status !== undefined) {
    set.status = patch.status;
    set.done_at = patch.status === 'done' ? new Date() : null;
  }
  if (patch.review !== undefined) set.review = patch.review;
  else if (edit) set.review = sql`case when review = 'pending' then 'accepted' else review end`;
  if (Object.keys(set).length > 0) {
    const r = await db
      .updateTable('action_items')
      .set(set)
      .where('meeting_id', '=', meetingId)
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return undefined;
  }
  return findActionItem(db, meetingId, itemId);
}

/** One of the meeting's items (any state); undefined when there is no such item in it. */
export function findActionItem(
  db: Db,
  meetingId: string,
  itemId: string,
): Promise<ActionItem | undefined> {
  return db
    .selectFrom('action_items as ai')
    .select(COLUMNS)
    .where('ai.meeting_id', '=', meetingId)
    .where('ai.id', '=', itemId)
    .executeTakeFirst();
}

/** Adds a person's own item at the end of the meeting's list. */
export async function createActionItem(
  db: Db,
  meetingId: string,
  input: {
    text: string;
    ownerIdentity: string | null;
    ownerName: string | null;
    dueDate: string | null;
  },
  userId: string | null,
): Promise<ActionItem> {
  const { id } = await db
    .insertInto('action_items')
    .values((eb) => ({
      meeting_id: meetingId,
      position: eb
        .selectFrom('action_items')
        .select(sql<number>`coalesce(max(position) + 1, 0)`.as('p'))
        .where('meeting_id', '=', meetingId),
      run: 0,
      text: input.text,
      owner_identity: input.ownerIdentity,
      owner_name: input.ownerName,
      due_date: input.dueDate,
      due_text: null,
      segment_id: null,
      start_ms: null,
      source: 'user',
      review: 'accepted',
      edited_at: new Date(),
      edited_by: userId,
    }))
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await db
    .selectFrom('action_items as ai')
    .select(COLUMNS)
    .where('ai.id', '=', id)
    .executeTakeFirstOrThrow();
  return row;
}

/** An open item of one of a subject's meetings, with the meeting it came from. */
export interface SubjectActionItem extends ActionItem {
  meeting_title: string;
  meeting_type: MeetingType;
  meeting_at: Date;
}

/**
 * The open items (not done, not rejected) of a subject's ended meetings, newest meeting first.
 * `excludeMeetingId`: leave one meeting out (the one the brief is for).
 */
export async function listSubjectOpenActionItems(
  db: Db,
  subjectId: string,
  opts: { excludeMeetingId?: string | undefined; limit?: number } = {},
): Promise<SubjectActionItem[]> {
  let q = db
    .selectFrom('action_items as ai')
    .innerJoin('meetings as m', 'm.id', 'ai.meeting_id')
    .select(COLUMNS)
    .select(['m.title as meeting_title', 'm.type as meeting_type'])
    .select(sql<Date>`coalesce(m.started_at, m.scheduled_at, m.created_at)`.as('meeting_at'))
    .where('m.subject_id', '=', subjectId)
    .where('m.status', '=', 'ended')
    .where('ai.status', '=', 'open')
    .where('ai.review', '!=', 'rejected')
    .orderBy('meeting_at', 'desc')
    .orderBy('ai.position')
    .orderBy('ai.created_at')
    .limit(opts.limit ?? 200);
  if (opts.excludeMeetingId) q = q.where('m.id', '!=', opts.excludeMeetingId);
  return q.execute();
}

/**
 * One item assigned to `userId` in a meeting they may see (rejected ones left out), with its
 * meeting: what a "mark done" link in their reminder may touch. Undefined for anything else.
 */
export async function findOwnActionItem(
  db: Db,
  userId: string,
  itemId: string,
): Promise<VisibleActionItem | undefined> {
  return visibleItems(db, userId)
    .where('ai.id', '=', itemId)
    .where('ai.owner_identity', '=', userId)
    .executeTakeFirst();
}

/** Items (not rejected) of the meetings `userId` may see, each with its meeting. */
function visibleItems(db: Db, userId: string) {
  return db
    .selectFrom('action_items as ai')
    .innerJoin('meetings as m', 'm.id', 'ai.meeting_id')
    .select(COLUMNS)
    .select(['m.title as meeting_title', 'm.type as meeting_type', 'm.team_id'])
    .select(sql<Date>`coalesce(m.started_at, m.scheduled_at, m.created_at)`.as('meeting_at'))
    .where(visibleToUser(userId))
    .where('ai.review', '!=', 'rejected');
}

export const ACTION_ITEM_LIST_STATUSES = ['open', 'done', 'all'] as const;
export type ActionItemListStatus = (typeof ACTION_ITEM_LIST_STATUSES)[number];

/** An item of any meeting a user may see, with the meeting it came from. */
export interface VisibleActionItem extends SubjectActionItem {
  team_id: string | null;
}

export interface VisibleActionItemsQuery {
  /** Only items assigned to this user (their identity in meetings is their user id). */
  mine: boolean;
  status: ActionItemListStatus;
  /** One team's meetings, or `null` for personal meetings (no team); undefined: all. */
  teamId?: string | null | undefined;
  /** Only items due on or before this date (YYYY-MM-DD; undated items left out). */
  dueBy?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * Action items across every meeting `userId` may see (rejected ones left out). Open items come
 * by due date (undated last), then newest meeting first, in the meeting's order; done items
 * most recently done first; `all` lists the open ones, then the done ones by due date (as
 * the indexes the migration 2026_12_07_0200 adds read them). Returns one row
 * more than `limit` when there are more.
 */
export async function listVisibleActionItems(
  db: Db,
  userId: string,
  q: VisibleActionItemsQuery,
): Promise<VisibleActionItem[]> {
  let query = visibleItems(db, userId);
  if (q.mine) query = query.where('ai.owner_identity', '=', userId);
  if (q.status !== 'all') query = query.where('ai.status', '=', q.status);
  if (q.teamId === null) query = query.where('m.team_id', 'is', null);
  else if (q.teamId !== undefined) query = query.where('m.team_id', '=', q.teamId);
  if (q.dueBy !== undefined) query = query.where('ai.due_date', '<=', q.dueBy);
  if (q.status === 'done') {
    query = query.orderBy('ai.done_at', (o) => o.desc().nullsLast());
  } else {
    // In the order of the indexes on (status desc, due date): read until the page is full.
    query = query
      .orderBy('ai.status', 'desc')
      .orderBy('ai.due_date', (o) => o.asc().nullsLast())
      .orderBy('meeting_at', 'desc')
      .orderBy('ai.meeting_id')
      .orderBy('ai.position')
      .orderBy('ai.created_at');
  }
  return query
    .orderBy('ai.id')
    .limit(q.limit + 1)
    .offset(q.offset)
    .execute();
}
