import { sql, type Transaction } from 'kysely';
import type { Db } from '../client.ts';
import type { TranscriptEditKind } from '@parley/protocol';
import type { Database, TranscriptSegment } from '../schema.ts';

/**
 * Transcript corrections: fix a line's text, split a line, merge a line with the next one of
 * the same speaker, name a speaker for the whole meeting. Each runs in one transaction with the
 * line locked, checks the version the editor started from, and records the edit.
 */

/** What an edit came to: done, a stale version (the current line), or an invalid field. */
export type EditOutcome<T> =
  | { kind: 'done'; value: T }
  | { kind: 'missing' }
  | { kind: 'conflict'; current: TranscriptSegment }
  | { kind: 'invalid'; field: string; message: string };

/** The speaker key of a line (the identity unless a diarizer set one). */
export function speakerKeyOf(s: Pick<TranscriptSegment, 'speaker_key' | 'speaker_identity'>) {
  return s.speaker_key ?? s.speaker_identity;
}

export async function findSegment(
  db: Db | Transaction<Database>,
  meetingId: string,
  segmentId: string,
  lock = false,
): Promise<TranscriptSegment | undefined> {
  let q = db
    .selectFrom('transcript_segments')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('segment_id', '=', segmentId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

async function recordEdit(
  trx: Transaction<Database>,
  e: {
    meetingId: string;
    kind: TranscriptEditKind;
    segmentId: string | null;
    relatedSegmentId?: string | null;
    speakerKey: string | null;
    userId: string | null;
    before: unknown;
    after: unknown;
  },
): Promise<void> {
  await trx
    .insertInto('transcript_edits')
    .values({
      meeting_id: e.meetingId,
      kind: e.kind,
      segment_id: e.segmentId,
      related_segment_id: e.relatedSegmentId ?? null,
      speaker_key: e.speakerKey,
      user_id: e.userId,
      before: JSON.stringify(e.before),
      after: JSON.stringify(e.after),
    })
    .execute();
}

interface LineEdit {
  meetingId: string;
  segmentId: string;
  /** The version the editor started from. */
  version: number;
  userId: string | null;
}

/** Locks the line and checks the version; the outcome when the edit cannot go on. */
async function lockedLine(
  trx: Transaction<Database>,
  e: LineEdit,
): Promise<TranscriptSegment | EditOutcome<never>> {
  const seg = await findSegment(trx, e.meetingId, e.segmentId, true);
  if (!seg) return { kind: 'missing' };
  if (seg.version !== e.version) return { kind: 'conflict', current: seg };
  return seg;
}

function isOutcome(x: TranscriptSegment | EditOutcome<never>): x is EditOutcome<never> {
  return 'kind' in x;
}

const snapshot = (s: TranscriptSegment) => ({
  segmentId: s.segment_id,
  text: s.text,
  startMs: s.start_ms,
  endMs: s.end_ms,
});

/** Replaces a line's text. */
export async function editSegmentText(
  db: Db,
  e: LineEdit & { text: string },
): Promise<EditOutcome<TranscriptSegment>> {
  return db.transaction().execute(async (trx) => {
    const seg = await lockedLine(trx, e);
    if (isOutcome(seg)) return seg;
    // The same text: nothing to store, no history entry.
    if (seg.text === e.text) return { kind: 'done', value: seg };
    const updated = await trx
      .updateTable('transcript_segments')
      .set({ text: e.text, version: seg.version + 1 })
      .where('id', '=', seg.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEdit(trx, {
      meetingId: e.meetingId,
      kind: 'text',
      segmentId: seg.segment_id,
      speakerKey: speakerKeyOf(seg),
      userId: e.userId,
      before: { text: seg.text },
      after: { text: e.text },
    });
    return { kind: 'done', value: updated };
  });
}

/** A segment id for the second half of a split, unused in the meeting. */
async function freeSplitId(trx: Transaction<Database>, meetingId: string, base: string) {
  const taken = await trx
    .selectFrom('transcript_segments')
    .select('segment_id')
    .where('meeting_id', '=', meetingId)
    .where('segment_id', 'like', `${base.replace(/[\\%_]/g, '\\$&')}.s%`)
    .execute();
  const used = new Set(taken.map((r) => r.segment_id));
  let n = 1;
  while (used.has(`${base}.s${n}`)) n++;
  return `${base}.s${n}`;
}

/**
 * Splits a line at character `offset` of its text: the first part keeps the line (its id), the
 * second becomes a new line. No word timings are stored, so the time is split in proportion to
 * the characters. Both parts must have text.
 */
export async function splitSegment(
  db: Db,
  e: LineEdit & { offset: number },
): Promise<EditOutcome<[TranscriptSegment, TranscriptSegment]>> {
  return db.transaction().execute(async (trx) => {
    const seg = await lockedLine(trx, e);
    if (isOutcome(seg)) return seg;
    const first = seg.text.slice(0, e.offset).trim();
    const second = seg.text.slice(e.offset).trim();
    if (e.offset > seg.text.length || !first || !second) {
      return {
        kind: 'invalid',
        field: 'offset',
        message: `offset must fall inside the text (1…${Math.max(1, seg.text.length - 1)}) with words on both sides`,
      };
    }
    const span = Math.max(0, seg.end_ms - seg.start_ms);
    const cut = seg.start_ms + Math.round((span * e.offset) / seg.text.length);
    const newId = await freeSplitId(trx, e.meetingId, seg.segment_id);
    const head = await trx
      .updateTable('transcript_segments')
      .set({ text: first, end_ms: cut, version: seg.version + 1 })
      .where('id', '=', seg.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const tail = await trx
      .insertInto('transcript_segments')
      .values({
        meeting_id: seg.meeting_id,
        segment_id: newId,
        speaker_identity: seg.speaker_identity,
        speaker_key: seg.speaker_key,
        speaker_name: seg.speaker_name,
        track_id: seg.track_id,
        text: second,
        start_ms: cut,
        end_ms: Math.max(cut, seg.end_ms),
        spoken_at: new Date(seg.spoken_at.getTime() + (cut - seg.start_ms)),
        language: seg.language,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEdit(trx, {
      meetingId: e.meetingId,
      kind: 'split',
      segmentId: seg.segment_id,
      relatedSegmentId: newId,
      speakerKey: speakerKeyOf(seg),
      userId: e.userId,
      before: snapshot(seg),
      after: { offset: e.offset, lines: [snapshot(head), snapshot(tail)] },
    });
    return { kind: 'done', value: [head, tail] };
  });
}

/**
 * Merges a line with the next line of the transcript, which must be the same speaker's. When
 * `nextSegmentId` is given (the line the editor saw next) and the next line is another, the
 * edit is stale (conflict). The merged line keeps the first line's id; the second is deleted and
 * remembered, so a late re-insert of it (the agent's spool) is skipped.
 */
export async function mergeSegmentWithNext(
  db: Db,
  e: LineEdit & { nextSegmentId?: string | undefined },
): Promise<EditOutcome<{ merged: TranscriptSegment; removed: TranscriptSegment }>> {
  return db.transaction().execute(async (trx) => {
    const seg = await lockedLine(trx, e);
    if (isOutcome(seg)) return seg;
    const next = await trx
      .selectFrom('transcript_segments')
      .selectAll()
      .where('meeting_id', '=', e.meetingId)
      .where(sql<boolean>`(start_ms, segment_id) > (${seg.start_ms}, ${seg.segment_id})`)
      .orderBy('start_ms')
      .orderBy('segment_id')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!next) {
      return { kind: 'invalid', field: 'segmentId', message: 'this is the last line' };
    }
    if (e.nextSegmentId !== undefined && e.nextSegmentId !== next.segment_id) {
      return { kind: 'conflict', current: seg };
    }
    if (speakerKeyOf(next) !== speakerKeyOf(seg)) {
      return {
        kind: 'invalid',
        field: 'nextSegmentId',
        message: 'the next line is another speaker’s; only one speaker’s lines merge',
      };
    }
    const merged = await trx
      .updateTable('transcript_segments')
      .set({
        text: `${seg.text.trimEnd()} ${next.text.trimStart()}`,
        end_ms: Math.max(seg.end_ms, next.end_ms),
        version: seg.version + 1,
      })
      .where('id', '=', seg.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('transcript_segments').where('id', '=', next.id).execute();
    await recordEdit(trx, {
      meetingId: e.meetingId,
      kind: 'merge',
      segmentId: seg.segment_id,
      relatedSegmentId: next.segment_id,
      speakerKey: speakerKeyOf(seg),
      userId: e.userId,
      before: { lines: [snapshot(seg), snapshot(next)] },
      after: snapshot(merged),
    });
    return { kind: 'done', value: { merged, removed: next } };
  });
}

/**
 * Names a speaker for the whole meeting (optionally as a member's account): stored per speaker
 * key, and set on every line of that speaker. Returns the lines renamed (missing: no such key).
 */
export async function renameMeetingSpeaker(
  db: Db,
  e: {
    meetingId: string;
    speakerKey: string;
    displayName: string;
    memberId: string | null;
    userId: string | null;
  },
): Promise<EditOutcome<TranscriptSegment[]>> {
  return db.transaction().execute(async (trx) => {
    const byKey = sql<boolean>`coalesce(speaker_key, speaker_identity) = ${e.speakerKey}`;
    const lines = await trx
      .selectFrom('transcript_segments')
      .select(['id', 'speaker_name'])
      .where('meeting_id', '=', e.meetingId)
      .where(byKey)
      .forUpdate()
      .execute();
    if (lines.length === 0) return { kind: 'missing' };
    const previous = await trx
      .selectFrom('meeting_speakers')
      .select(['display_name', 'user_id'])
      .where('meeting_id', '=', e.meetingId)
      .where('speaker_key', '=', e.speakerKey)
      .executeTakeFirst();
    await trx
      .insertInto('meeting_speakers')
      .values({
        meeting_id: e.meetingId,
        speaker_key: e.speakerKey,
        display_name: e.displayName,
        user_id: e.memberId,
        updated_by: e.userId,
      })
      .onConflict((oc) =>
        oc.columns(['meeting_id', 'speaker_key']).doUpdateSet({
          display_name: e.displayName,
          user_id: e.memberId,
          updated_by: e.userId,
          updated_at: sql`now()`,
        }),
      )
      .execute();
    const renamed = await trx
      .updateTable('transcript_segments')
      .set({ speaker_name: e.displayName })
      .where('meeting_id', '=', e.meetingId)
      .where(byKey)
      .returningAll()
      .execute();
    await recordEdit(trx, {
      meetingId: e.meetingId,
      kind: 'speaker',
      segmentId: null,
      speakerKey: e.speakerKey,
      userId: e.userId,
      before: {
        name: previous?.display_name ?? lines[0]?.speaker_name ?? e.speakerKey,
        userId: previous?.user_id ?? null,
      },
      after: { name: e.displayName, userId: e.memberId },
    });
    return { kind: 'done', value: renamed };
  });
}

/** A line's history, newest first: its own edits, the split that made it, renames of its speaker. */
export async function listSegmentEdits(
  db: Db,
  meetingId: string,
  segment: Pick<TranscriptSegment, 'segment_id' | 'speaker_key' | 'speaker_identity'>,
) {
  return db
    .selectFrom('transcript_edits as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select([
      'e.id',
      'e.kind',
      'e.segment_id',
      'e.related_segment_id',
      'e.speaker_key',
      'e.before',
      'e.after',
      'e.created_at',
      'e.user_id',
      'u.name as user_name',
    ])
    .where('e.meeting_id', '=', meetingId)
    .where((eb) =>
      eb.or([
        eb('e.segment_id', '=', segment.segment_id),
        eb('e.related_segment_id', '=', segment.segment_id),
        eb.and([eb('e.kind', '=', 'speaker'), eb('e.speaker_key', '=', speakerKeyOf(segment))]),
      ]),
    )
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id')
    .limit(200)
    .execute();
}

/** The meeting's speakers: key, current name, the member chosen (if any), line count. */
export async function listMeetingSpeakers(db: Db, meetingId: string) {
  const rows = await db
    .selectFrom('transcript_segments as s')
    .leftJoin('meeting_speakers as m', (j) =>
      j
        .onRef('m.meeting_id', '=', 's.meeting_id')
        .on(sql<boolean>`m.speaker_key = coalesce(s.speaker_key, s.speaker_identity)`),
    )
    .select([
      sql<string>`coalesce(s.speaker_key, s.speaker_identity)`.as('speaker_key'),
      sql<string>`min(s.speaker_name)`.as('name'),
      sql<string | null>`min(m.user_id::text)`.as('user_id'),
      sql<string>`count(*)`.as('lines'),
    ])
    .where('s.meeting_id', '=', meetingId)
    .groupBy(sql`coalesce(s.speaker_key, s.speaker_identity)`)
    .orderBy(sql`min(s.start_ms)`)
    .execute();
  return rows.map((r) => ({
    speakerKey: r.speaker_key,
    name: r.name,
    userId: r.user_id,
    lines: Number(r.lines),
  }));
}

/** Speakers named for the meeting (what new lines of theirs are called). */
export async function namedSpeakers(db: Db, meetingId: string) {
  return db
    .selectFrom('meeting_speakers')
    .select(['speaker_key as speakerKey', 'display_name as name'])
    .where('meeting_id', '=', meetingId)
    .execute();
}

/**
 * The highest room-mic voice number (`<identity>#<n>`) stored for a participant in a meeting,
 * 0 if none: a restarted agent numbers new voices after it, never reusing a named one.
 */
export async function highestRoomMicVoice(
  db: Db,
  meetingId: string,
  identity: string,
): Promise<number> {
  const rows = await db
    .selectFrom('transcript_segments')
    .select('speaker_key')
    .distinct()
    .where('meeting_id', '=', meetingId)
    .where('speaker_identity', '=', identity)
    .where(sql<boolean>`starts_with(speaker_key, ${`${identity}#`})`)
    .execute();
  const prefix = `${identity}#`.length;
  return rows.reduce((most, r) => {
    const n = Number((r.speaker_key ?? '').slice(prefix));
    return Number.isInteger(n) && n > most ? n : most;
  }, 0);
}
