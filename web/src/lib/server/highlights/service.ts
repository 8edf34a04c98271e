import {
  addHighlight,
  deleteHighlight,
  listHighlights,
  type Db,
  type MeetingHighlight,
} from '@parley/db';
import type { ApiHighlight } from '@parley/protocol';
import { can, type MeetingAccess } from '../authz/index.ts';
import { ApiError, validationError } from '../http/errors.ts';
import { isUuid } from '../meetings/schemas.ts';
import type { CreateHighlightInput } from './schemas.ts';

/** A moment may be marked up to this long after "now" on the caller's clock (clock skew). */
const SKEW_MS = 60_000;

function toApiHighlight(h: MeetingHighlight, access: MeetingAccess, userId: string): ApiHighlight {
  return {
    id: h.id,
    atMs: h.at_ms,
    author: h.author_name,
    note: h.note,
    createdAt: h.created_at.toISOString(),
    canDelete: h.user_id === userId || can(access, 'update'),
  };
}

/** The meeting's highlights in timeline order, as `userId` sees them. */
export async function highlightsFor(
  db: Db,
  access: MeetingAccess,
  userId: string,
): Promise<ApiHighlight[]> {
  return (await listHighlights(db, access.meeting.id)).map((h) =>
    toApiHighlight(h, access, userId),
  );
}

/**
 * Marks a moment of a meeting that has started (409 before): anyone who may read it. A moment
 * later than now on the meeting's timeline is refused naming `atMs`.
 */
export async function markHighlight(
  db: Db,
  access: MeetingAccess,
  user: { id: string; name: string },
  input: CreateHighlightInput,
): Promise<ApiHighlight> {
  const started = access.meeting.started_at;
  if (!started) {
    throw new ApiError(409, 'not_started', 'The meeting has not started: nothing to mark yet.');
  }
  if (input.atMs > Date.now() - started.getTime() + SKEW_MS) {
    throw validationError({ atMs: 'atMs is later than now in the meeting.' });
  }
  const h = await addHighlight(db, {
    meetingId: access.meeting.id,
    atMs: input.atMs,
    userId: user.id,
    authorName: user.name,
    note: input.note,
  });
  return toApiHighlight(h, access, user.id);
}

/** Deletes a highlight: one's own, or any as a host; 404 otherwise. */
export async function removeHighlight(
  db: Db,
  access: MeetingAccess,
  userId: string,
  highlightId: string,
): Promise<void> {
  const by = can(access, 'update') ? null : userId;
  if (!isUuid(highlightId) || !(await deleteHighlight(db, access.meeting.id, highlightId, by))) {
    throw new ApiError(404, 'not_found', 'Highlight not found.');
  }
}
