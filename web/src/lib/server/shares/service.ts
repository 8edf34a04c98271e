import { randomBytes } from 'node:crypto';
import {
  createShare,
  findUsableShare,
  listRecordings,
  listSegments,
  listShares,
  revokeShare,
  findMeetingById,
  type Db,
  type Meeting,
  type MeetingShareRow,
} from '@parley/db';
import type { ApiShare, ApiSharedMeeting } from '@parley/protocol';
import { hashSessionToken } from '../auth/session.ts';
import { ApiError } from '../http/errors.ts';
import { isUuid } from '../meetings/schemas.ts';
import { recordingUrls, toApiRecording } from '../recording/index.ts';
import { postmeetingView } from '../search/index.ts';
import type { CreateShareInput } from './schemas.ts';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function toApiShare(s: MeetingShareRow, now = Date.now()): ApiShare {
  return {
    id: s.id,
    meetingId: s.meeting_id,
    createdAt: s.created_at.toISOString(),
    createdBy: s.created_by_name,
    expiresAt: s.expires_at.toISOString(),
    revokedAt: s.revoked_at?.toISOString() ?? null,
    active: !s.revoked_at && s.expires_at.getTime() > now,
    includes: { transcript: s.include_transcript, recording: s.include_recording },
    views: s.view_count,
    lastViewedAt: s.last_viewed_at?.toISOString() ?? null,
  };
}

/** A new link to the meeting (the caller was authorized to share it); the secret once. */
export async function createShareFor(
  db: Db,
  meetingId: string,
  createdBy: { id: string; name: string },
  input: CreateShareInput,
): Promise<{ token: string; path: string; share: ApiShare }> {
  const token = randomBytes(32).toString('base64url');
  const row = await createShare(db, {
    meetingId,
    tokenHash: hashSessionToken(token),
    createdBy: createdBy.id,
    expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
    includeTranscript: input.transcript,
    includeRecording: input.recording,
  });
  return {
    token,
    path: `/s/${token}`,
    share: toApiShare({ ...row, created_by_name: createdBy.name }),
  };
}

export async function listSharesFor(db: Db, meetingId: string): Promise<ApiShare[]> {
  const now = Date.now();
  return (await listShares(db, meetingId)).map((s) => toApiShare(s, now));
}

/** Revokes one of the meeting's links at once for everyone (no cache holds it); else 404. */
export async function revokeShareFor(db: Db, meetingId: string, shareId: string): Promise<void> {
  if (!isUuid(shareId) || !(await revokeShare(db, meetingId, shareId))) {
    throw new ApiError(404, 'not_found', 'Share link not found.');
  }
}

/** The usable link behind a secret and its meeting; null when unknown, revoked or expired. */
async function openShare(
  db: Db,
  token: string,
  countView: boolean,
): Promise<{ share: MeetingShareRow; meeting: Meeting } | null> {
  if (!TOKEN.test(token)) return null;
  const share = await findUsableShare(db, hashSessionToken(token), { countView });
  const meeting = share && (await findMeetingById(db, share.meeting_id));
  return share && meeting ? { share, meeting } : null;
}

const NOT_SHARED = () =>
  new ApiError(404, 'not_found', 'This link is invalid, revoked or expired.');

/**
 * What a link shows, read afresh on every visit (a revocation or an edit shows at once on
 * every web process), and the visit counted. 404 when the link is unusable.
 */
export async function sharedMeetingView(db: Db, token: string): Promise<ApiSharedMeeting> {
  const opened = await openShare(db, token, true);
  if (!opened) throw NOT_SHARED();
  const { share, meeting } = opened;
  const [post, segments, recordings] = await Promise.all([
    postmeetingView(db, meeting.id),
    share.include_transcript ? listSegments(db, meeting.id) : null,
    share.include_recording ? listRecordings(db, meeting.id) : null,
  ]);
  const point = (p: { text: string; startMs: number | null }) => ({
    text: p.text,
    startMs: p.startMs,
  });
  const s = post.summary;
  return {
    meeting: {
      title: meeting.title,
      type: meeting.type,
      scheduledAt: meeting.scheduled_at?.toISOString() ?? null,
      startedAt: meeting.started_at?.toISOString() ?? null,
      endedAt: meeting.ended_at?.toISOString() ?? null,
    },
    sharedBy: share.created_by_name,
    expiresAt: share.expires_at.toISOString(),
    summary: s && {
      overview: s.overview,
      keyPoints: s.keyPoints.map(point),
      decisions: s.decisions.map(point),
      openQuestions: s.openQuestions.map(point),
    },
    actionItems: post.actionItems
      .filter((i) => i.review !== 'rejected')
      .map((i) => ({
        text: i.text,
        owner: i.owner,
        dueDate: i.dueDate,
        status: i.status,
        startMs: i.startMs,
      })),
    transcript:
      segments?.map((g) => ({ startMs: g.start_ms, speaker: g.speaker_name, text: g.text })) ??
      null,
    recordings:
      recordings
        ?.filter((r) => r.status === 'completed')
        .map((r) => {
          const api = toApiRecording(r, meeting);
          return {
            id: r.id,
            durationMs: api.durationMs,
            offsetMs: api.offsetMs,
            url: `/s/${token}/recordings/${r.id}`,
          };
        }) ?? null,
  };
}

/** The meeting whose transcript a link shares, for a download; 404 unless it includes it. */
export async function sharedTranscriptMeeting(db: Db, token: string): Promise<Meeting> {
  const opened = await openShare(db, token, false);
  if (!opened?.share.include_transcript) throw NOT_SHARED();
  return opened.meeting;
}

/** A fresh short-lived URL to play one of the shared meeting's recordings; 404 otherwise. */
export async function sharedRecordingUrl(
  db: Db,
  token: string,
  recordingId: string,
): Promise<string> {
  const opened = await openShare(db, token, false);
  if (!opened?.share.include_recording) throw NOT_SHARED();
  try {
    return (await recordingUrls(db, opened.meeting, recordingId)).playUrl;
  } catch (err) {
    // A recording still being made is as unavailable as one that is not there.
    if (err instanceof ApiError && err.status === 409) {
      throw new ApiError(404, 'not_found', 'Recording not found.');
    }
    throw err;
  }
}

/** A shared page is for its holder: never cached, indexed, or named in a Referer. */
export const SHARE_HEADERS: Record<string, string> = {
  'cache-control': 'private, no-store',
  'x-robots-tag': 'noindex, nofollow',
  'referrer-policy': 'no-referrer',
};
