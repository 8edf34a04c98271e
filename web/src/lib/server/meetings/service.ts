import {
  createMeeting,
  decodeMeetingCursor,
  findTeamForMember,
  isGuestActive,
  listGuestIdentities,
  listParticipants,
  listVisibleMeetings,
  markMeetingEnded,
  revokeGuestLink,
  SubjectScopeError,
  updateMeeting,
  type Db,
  type Meeting,
} from '@parley/db';
import {
  isGuestIdentity,
  isUuid,
  type ApiAttendance,
  type ApiMeeting,
  type MeetingChecklistItem,
} from '@parley/protocol';
import { loadChecklist } from '@parley/prompts';
import type { Principal, UserPrincipal } from '../auth/principal.ts';
import { can, canTeam, resolveMeetingAccess, type MeetingAccess } from '../authz/index.ts';
import { invalidate, tag } from '../cache/index.ts';
import { ApiError, validationError } from '../http/errors.ts';
import { applyAiSwitch, closeRoom, removeFromRoom } from '../livekit/service.ts';
import { reportError } from '../http/report.ts';
import { meetingEraser } from '../erasure.ts';
import { enqueuePostmeeting } from '../search/services.ts';
import { meetingWebhookEvent } from '../webhooks/events.ts';
import type { CreateMeetingInput, ListMeetingsQuery, UpdateMeetingInput } from './schemas.ts';
import { toApiAttendance, toApiMeeting } from './serialize.ts';

type ChecklistInput = NonNullable<CreateMeetingInput['checklist']>;

/** Gives every item an id (kept when given, else derived from the title), unique in the list. */
export function normaliseChecklist(items: ChecklistInput): MeetingChecklistItem[] {
  const seen = new Set<string>();
  return items.map((item, i) => {
    let id =
      item.id ??
      (item.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '')
        .slice(0, 48) ||
        `item_${i + 1}`);
    while (seen.has(id)) id = `${id}_${i + 1}`;
    seen.add(id);
    return {
      id,
      title: item.title,
      description: item.description,
      keywords: item.keywords,
      priority: item.priority,
    };
  });
}

/** The type's template checklist as a meeting's editable copy. */
export function defaultChecklist(type: string): MeetingChecklistItem[] {
  return loadChecklist(type).items.map((i) => ({
    id: i.id,
    title: i.title,
    description: i.description,
    keywords: [...i.keywords],
    priority: i.priority,
  }));
}

/** A team the user may put meetings in (owner or admin); 422 on `teamId` otherwise. */
async function assertTeamForMeetings(db: Db, userId: string, teamId: string): Promise<void> {
  const team = await findTeamForMember(db, teamId, userId);
  if (!team) throw validationError({ teamId: 'Unknown team.' });
  if (!canTeam(team.role, 'create_meeting')) {
    throw new ApiError(403, 'forbidden', 'Only team owners and admins create team meetings.');
  }
}

/** Creates a meeting owned by the user, optionally in a team they administer. */
export async function createMeetingFor(
  db: Db,
  principal: UserPrincipal,
  input: CreateMeetingInput,
): Promise<ApiMeeting> {
  if (input.teamId) await assertTeamForMeetings(db, principal.user.id, input.teamId);
  const row = await withSubjectScope(() =>
    createMeeting(db, {
      title: input.title,
      type: input.type,
      ownerId: principal.user.id,
      teamId: input.teamId ?? null,
      subjectId: input.subjectId ?? null,
      subject: input.subject ?? null,
      scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null,
      checklist: input.checklist
        ? normaliseChecklist(input.checklist)
        : defaultChecklist(input.type),
      language: input.language ?? null,
      vocabulary: input.vocabulary ?? [],
      aiEnabled: input.aiEnabled ?? true,
    }),
  );
  return toApiMeeting(row);
}

/** A subject id outside the meeting's scope is a bad field (unknown and foreign look the same). */
async function withSubjectScope<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof SubjectScopeError) {
      throw validationError({
        subjectId: "Unknown subject, or not one of this meeting's team (or yours).",
      });
    }
    throw err;
  }
}

/** One page of the meetings the user may see; null when the cursor is malformed. */
export async function listMeetingsFor(
  db: Db,
  principal: UserPrincipal,
  query: Partial<ListMeetingsQuery> & { limit: number },
): Promise<{ items: ApiMeeting[]; nextCursor: string | null } | null> {
  let cursor = null;
  if (query.cursor) {
    cursor = decodeMeetingCursor(query.cursor);
    if (!cursor) return null;
  }
  const page = await listVisibleMeetings(db, principal.user.id, {
    limit: query.limit,
    cursor,
    filters: {
      type: query.type,
      status: query.status,
      subject: query.subject,
      subjectId: query.subjectId,
      teamId: query.teamId,
      q: query.q,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    },
  });
  return { items: page.items.map(toApiMeeting), nextCursor: page.nextCursor };
}

/** Applies an edit (the caller was authorized for `update`). */
export async function updateMeetingFor(
  db: Db,
  principal: UserPrincipal,
  access: MeetingAccess,
  input: UpdateMeetingInput,
): Promise<ApiMeeting> {
  if (input.teamId) await assertTeamForMeetings(db, principal.user.id, input.teamId);
  const row = await withSubjectScope(() =>
    updateMeeting(db, access.meeting.id, {
      title: input.title,
      type: input.type,
      subjectId: input.subjectId,
      subject: input.subject,
      teamId: input.teamId,
      scheduledAt:
        input.scheduledAt === undefined
          ? undefined
          : input.scheduledAt === null
            ? null
            : new Date(input.scheduledAt),
      checklist: input.checklist ? normaliseChecklist(input.checklist) : undefined,
      language: input.language,
      vocabulary: input.vocabulary,
      aiEnabled: input.aiEnabled,
      followupEmail: input.followupEmail,
    }),
  );
  if (!row) throw new ApiError(404, 'not_found', 'Meeting not found.');
  // Cached access holds the meeting row (its team, its AI switch): every process drops it.
  await invalidate(tag.meeting(row.id));
  // The AI switch acts on the live room at once. A change that cannot reach LiveKit is reported
  // (502; sending the value again retries, as a live room is always brought in line); re-sending
  // an unchanged value (every edit form save does) is best effort and never fails the edit.
  const changed = input.aiEnabled !== undefined && input.aiEnabled !== access.meeting.ai_enabled;
  if (
    input.aiEnabled !== undefined &&
    row.status !== 'ended' &&
    (changed || row.status === 'live')
  ) {
    try {
      await applyAiSwitch(row, input.aiEnabled);
    } catch (err) {
      const ref = reportError(err, { method: 'PATCH', path: `meeting ${row.id} ai switch` });
      if (changed) {
        throw new ApiError(
          502,
          'room_update_failed',
          `Saved, but the live room could not be updated; send aiEnabled again to retry (reference ${ref}).`,
        );
      }
    }
  }
  return toApiMeeting(row);
}

/** Ends the meeting: deletes the LiveKit room (everyone leaves) and marks it ended. */
export async function endMeeting(db: Db, access: MeetingAccess): Promise<void> {
  await closeRoom(access.meeting.room_name);
  await markMeetingEnded(db, access.meeting.id);
  await invalidate(tag.meeting(access.meeting.id));
  await meetingWebhookEvent(db, 'meeting.ended', access.meeting.id);
  // Summary, action items, search index (never fails the end; room_finished queues it too).
  await enqueuePostmeeting(db, access.meeting.id, 'meeting_ended');
}

/**
 * Deletes a meeting and everything of it: the LiveKit room, then its data the one way
 * (`MeetingEraser`: stored objects under `meetings/<id>/`, vectors, then the rows). Each step is
 * idempotent and the rows go last, so a failed deletion can simply be retried.
 */
export async function deleteMeetingEverywhere(
  db: Db,
  meeting: { id: string; room_name: string; team_id: string | null; owner_id: string },
) {
  await closeRoom(meeting.room_name);
  await meetingEraser(db).eraseMeeting(meeting);
  await invalidate(tag.meeting(meeting.id));
}

/** Attendance with durations. */
export async function attendanceFor(db: Db, meetingId: string): Promise<ApiAttendance[]> {
  const now = new Date();
  return (await listParticipants(db, meetingId)).map((p) => toApiAttendance(p, now));
}

/** True when the user may join the meeting (owner, team admin, team member), uncached. */
async function userMayJoin(db: Db, userId: string, meetingId: string): Promise<boolean> {
  const principal: UserPrincipal = {
    kind: 'user',
    user: { id: userId, email: '', name: '', createdAt: '' },
    via: 'session',
    sessionId: null,
    tokenId: null,
  };
  const access = await resolveMeetingAccess(db, principal, meetingId);
  return access ? can(access, 'join') : false;
}

/**
 * A LiveKit token stays valid for its lifetime (≤ TOKEN_TTL_SECONDS) whatever happens to the
 * access it was issued for. Every join is checked again (uncached) when LiveKit reports it: a
 * user removed from the team, or a guest whose link was revoked, is taken out. Other identities
 * (agents, tools) are left alone. True when the participant was removed.
 */
export async function enforceRoomAccess(
  db: Db,
  meeting: Pick<Meeting, 'id' | 'room_name'>,
  identity: string,
): Promise<boolean> {
  let allowed = true;
  if (isUuid(identity)) allowed = await userMayJoin(db, identity, meeting.id);
  else if (isGuestIdentity(identity)) allowed = await isGuestActive(db, meeting.id, identity);
  if (allowed) return false;
  return removeFromRoom(meeting.room_name, identity, 'You no longer have access to this meeting.');
}

/** Member identities are user ids (guests are `guest-…`, agents `agent-…`). */

/**
 * Revokes a guest link (false when it is not the meeting's): its guests' sessions end, and those
 * in the live room are taken out (502 saying so when LiveKit cannot be reached).
 */
export async function revokeGuestLinkEverywhere(
  db: Db,
  meeting: Pick<Meeting, 'id' | 'room_name'>,
  linkId: string,
): Promise<boolean> {
  if (!(await revokeGuestLink(db, meeting.id, linkId))) return false;
  try {
    const guests = await listGuestIdentities(db, linkId);
    await Promise.all(
      guests.map((g) => removeFromRoom(meeting.room_name, g, 'Your guest link was revoked.')),
    );
  } catch (err) {
    const ref = reportError(err, { method: 'DELETE', path: `meeting ${meeting.id} guests` });
    throw new ApiError(
      502,
      'room_update_failed',
      `Revoked, but its guests could not be taken out of the live room (reference ${ref}).`,
    );
  }
  return true;
}

/** What the room page needs to know about the caller (members and guests alike). */
export interface RoomContext {
  meeting: Meeting;
  me: { id: string; name: string; guest: boolean };
  role: MeetingAccess['role'];
  /** Hosts (owner, team admins) may mute and remove others — through the API, never the client. */
  canModerate: boolean;
  /** Guests get no meeting history (no stored transcript). */
  canSeeHistory: boolean;
  /** Owner and team admins correct final lines in the room. */
  canEditTranscript: boolean;
}

/**
 * The room context for any principal that may join: users (owner, team admin, team member) and
 * guests of this meeting; null when the caller may not join (the page answers 404, or sends
 * anonymous callers to log in).
 */
export async function roomContext(
  db: Db,
  principal: Principal | null,
  meetingId: string,
): Promise<RoomContext | null> {
  const access = await resolveMeetingAccess(db, principal, meetingId);
  if (!principal || !access || !can(access, 'join')) return null;
  const me =
    principal.kind === 'guest'
      ? { id: principal.guest.identity, name: principal.guest.displayName, guest: true }
      : { id: principal.user.id, name: principal.user.name, guest: false };
  return {
    meeting: access.meeting,
    me,
    role: access.role,
    canModerate: can(access, 'moderate'),
    canSeeHistory: can(access, 'read'),
    canEditTranscript: can(access, 'edit_transcript'),
  };
}
