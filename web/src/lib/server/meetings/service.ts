import {
  createMeeting,
  decodeMeetingCursor,
  findMeetingForUser,
  listMeetingsForUser,
  type Db,
  type Meeting,
} from '@parley/db';
import type { CreateMeetingInput } from './schemas.ts';
import { isUuid } from './schemas.ts';
import { toApiMeeting, type ApiMeeting } from './serialize.ts';

/** Creates a meeting owned by `ownerId`. */
export async function createMeetingFor(
  db: Db,
  ownerId: string,
  input: CreateMeetingInput,
): Promise<ApiMeeting> {
  return toApiMeeting(await createMeeting(db, { ...input, ownerId }));
}

/** The owner's meeting, or undefined for unknown, foreign or malformed ids. */
export async function getMeetingFor(
  db: Db,
  userId: string,
  meetingId: string,
): Promise<Meeting | undefined> {
  if (!isUuid(meetingId)) return undefined;
  return findMeetingForUser(db, meetingId, userId);
}

/** One page of the user's meetings; null when the cursor is malformed. */
export async function listMeetingsFor(
  db: Db,
  userId: string,
  opts: { limit: number; cursor?: string | undefined },
): Promise<{ items: ApiMeeting[]; nextCursor: string | null } | null> {
  let cursor = null;
  if (opts.cursor) {
    cursor = decodeMeetingCursor(opts.cursor);
    if (!cursor) return null;
  }
  const page = await listMeetingsForUser(db, userId, { limit: opts.limit, cursor });
  return { items: page.items.map(toApiMeeting), nextCursor: page.nextCursor };
}
