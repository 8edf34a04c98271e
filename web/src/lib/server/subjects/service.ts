import {
  createActionItem,
  createSubject,
  findTeamForMember,
  listParticipants,
  listVisibleSubjects,
  mergeSubjects,
  updateActionItem,
  updateSubject,
  type ActionItem,
  type Db,
  type Subject,
  type SubjectListItem,
} from '@parley/db';
import {
  buildBrief,
  loadSubjectMemory,
  type Brief,
  type SubjectMemory,
} from '@parley/services/subjects';
import { isUuid } from '@parley/protocol';
import type { z } from 'zod';
import type { UserPrincipal } from '../auth/principal.ts';
import {
  authorizeSubject,
  canTeam,
  type MeetingAccess,
  type SubjectAccess,
} from '../authz/index.ts';
import { ApiError, validationError } from '../http/errors.ts';
import { actionItemUpdatedWebhookEvent } from '../webhooks/events.ts';
import type { ApiActionItem } from '../../postmeeting/types.ts';
import type {
  ApiSubject,
  createActionItemSchema,
  createSubjectSchema,
  listSubjectsQuerySchema,
  updateActionItemSchema,
  updateSubjectSchema,
} from './schemas.ts';

export function toApiSubject(s: Subject | SubjectListItem): ApiSubject {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    teamId: s.team_id,
    createdAt: s.created_at.toISOString(),
    ...('meeting_count' in s
      ? { meetingCount: s.meeting_count, lastMeetingAt: s.last_meeting_at?.toISOString() ?? null }
      : {}),
  };
}

export async function listSubjectsFor(
  db: Db,
  principal: UserPrincipal,
  query: z.output<typeof listSubjectsQuerySchema>,
): Promise<ApiSubject[]> {
  const rows = await listVisibleSubjects(db, principal.user.id, {
    q: query.q,
    teamId: query.teamId === 'personal' ? null : query.teamId,
    limit: query.limit,
  });
  return rows.map(toApiSubject);
}

const DUPLICATE = { name: 'A subject of this name exists already (merge them instead).' };

/** A personal subject, or one of a team the caller may create meetings in. */
export async function createSubjectFor(
  db: Db,
  principal: UserPrincipal,
  input: z.output<typeof createSubjectSchema>,
): Promise<ApiSubject> {
  const teamId = input.teamId ?? null;
  if (teamId) {
    const team = await findTeamForMember(db, teamId, principal.user.id);
    if (!team) throw validationError({ teamId: 'Unknown team.' });
    if (!canTeam(team.role, 'create_meeting')) {
      throw new ApiError(403, 'forbidden', 'Only team owners and admins create team subjects.');
    }
  }
  const row = await createSubject(db, {
    name: input.name,
    kind: input.kind ?? null,
    ownerId: principal.user.id,
    teamId,
  });
  if (!row) throw validationError(DUPLICATE);
  return toApiSubject(row);
}

export interface SubjectView {
  subject: ApiSubject;
  actions: SubjectAccess['actions'];
  memory: SubjectMemory;
}

export async function subjectView(db: Db, access: SubjectAccess): Promise<SubjectView> {
  return {
    subject: toApiSubject(access.subject),
    actions: access.actions,
    memory: await loadSubjectMemory(db, access.subject.id),
  };
}

export async function updateSubjectFor(
  db: Db,
  access: SubjectAccess,
  input: z.output<typeof updateSubjectSchema>,
): Promise<ApiSubject> {
  const row = await updateSubject(db, access.subject.id, input);
  if (row === 'duplicate') throw validationError(DUPLICATE);
  if (!row) throw new ApiError(404, 'not_found', 'Subject not found.');
  return toApiSubject(row);
}

/** Merges the authorized subject into `into` (which the caller must also administer). */
export async function mergeSubjectFor(
  db: Db,
  principal: UserPrincipal,
  source: SubjectAccess,
  into: string,
): Promise<{ subject: ApiSubject; moved: number }> {
  if (into.toLowerCase() === source.subject.id) {
    throw validationError({ into: 'A subject cannot be merged into itself.' });
  }
  await authorizeSubject(db, principal, into, 'update');
  const r = await mergeSubjects(db, source.subject.id, into.toLowerCase());
  if (r === 'same') throw validationError({ into: 'A subject cannot be merged into itself.' });
  if (r === 'scope') {
    throw validationError({
      into: 'Both subjects must belong to the same team (or both be yours).',
    });
  }
  if (r === 'not_found') throw new ApiError(404, 'not_found', 'Subject not found.');
  return { subject: toApiSubject(r.merged), moved: r.moved };
}

/** The brief for the meeting (members only: the route authorized `read`); null without a subject. */
export async function briefFor(db: Db, access: MeetingAccess): Promise<Brief | null> {
  const m = access.meeting;
  if (!m.subject_id) return null;
  return buildBrief(db, { id: m.subject_id, name: m.subject ?? '' }, m.id);
}

// ---------------------------------------------------------------- action items

export function toApiActionItem(i: ActionItem): ApiActionItem {
  return {
    id: i.id,
    text: i.text,
    owner: i.owner_name,
    ownerIdentity: i.owner_identity,
    dueDate: i.due_date,
    startMs: i.start_ms,
    source: i.source,
    status: i.status,
    review: i.review,
    edited: i.edited_at !== null,
  };
}

type AssigneeInput = {
  ownerIdentity?: string | null | undefined;
  ownerName?: string | null | undefined;
};

/**
 * The assignee to store: a participant of the meeting (by identity; the name comes from
 * attendance unless given), or free text (`ownerName` alone), or nobody (both null).
 */
async function resolveAssignee(
  db: Db,
  meetingId: string,
  input: AssigneeInput,
): Promise<AssigneeInput> {
  if (input.ownerIdentity) {
    const p = (await listParticipants(db, meetingId)).find(
      (x) => x.identity === input.ownerIdentity,
    );
    if (!p) {
      throw validationError({
        ownerIdentity:
          'Not a participant of this meeting (send ownerName alone to assign someone else).',
      });
    }
    return { ownerIdentity: p.identity, ownerName: input.ownerName ?? p.name };
  }
  if (input.ownerIdentity === null || input.ownerName !== undefined) {
    return { ownerIdentity: null, ownerName: input.ownerName ?? null };
  }
  return {};
}

export async function createActionItemFor(
  db: Db,
  access: MeetingAccess,
  principal: UserPrincipal,
  input: z.output<typeof createActionItemSchema>,
): Promise<ApiActionItem> {
  const who = await resolveAssignee(db, access.meeting.id, input);
  const row = await createActionItem(
    db,
    access.meeting.id,
    {
      text: input.text,
      ownerIdentity: who.ownerIdentity ?? null,
      ownerName: who.ownerName ?? null,
      dueDate: input.dueDate ?? null,
    },
    principal.user.id,
  );
  return toApiActionItem(row);
}

export async function updateActionItemFor(
  db: Db,
  access: MeetingAccess,
  principal: UserPrincipal,
  itemId: string,
  input: z.output<typeof updateActionItemSchema>,
): Promise<ApiActionItem> {
  const notFound = new ApiError(404, 'not_found', 'Action item not found.');
  if (!isUuid(itemId)) throw notFound;
  const who =
    input.ownerIdentity !== undefined || input.ownerName !== undefined
      ? await resolveAssignee(db, access.meeting.id, input)
      : {};
  const row = await updateActionItem(
    db,
    access.meeting.id,
    itemId.toLowerCase(),
    { ...input, ...who },
    principal.user.id,
  );
  if (!row) throw notFound;
  const changes = [
    ...(input.text === undefined ? [] : ['text']),
    ...(input.ownerIdentity === undefined && input.ownerName === undefined ? [] : ['owner']),
    ...(input.dueDate === undefined ? [] : ['dueDate']),
    ...(input.status === undefined ? [] : ['status']),
    ...(input.review === undefined ? [] : ['review']),
  ];
  if (changes.length > 0) {
    await actionItemUpdatedWebhookEvent(db, access.meeting.id, {
      id: row.id,
      changes,
      by: principal.user.id,
    });
  }
  return toApiActionItem(row);
}
