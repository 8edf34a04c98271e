import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  countShareView,
  createShare,
  findUsableShare,
  listRecordings,
  listSegments,
  listShares,
  revokeShare,
  updateShare,
  findMeetingById,
  type Db,
  type Meeting,
  type MeetingShareRow,
} from '@parley/db';
import type { ApiShare, ApiSharedMeeting } from '@parley/protocol';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { hashSessionToken } from '../auth/session.ts';
import { ApiError, validationError } from '../http/errors.ts';
import { enforce, rule } from '../rate-limit/index.ts';
import { isUuid } from '../meetings/schemas.ts';
import { recordingUrls, toApiRecording } from '../recording/index.ts';
import { postmeetingView } from '../search/index.ts';
import type { CreateShareInput, UpdateShareInput } from './schemas.ts';

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
    passwordProtected: s.password_hash !== null,
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
    passwordHash: input.password === undefined ? null : await hashPassword(input.password),
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

/**
 * Changes one of the meeting's links: a new lifetime from now and or a new password (or none).
 * A new password voids every grant cookie of the old one (they are keyed by its hash). 404 for
 * a link that is not the meeting's, 409 for a revoked one.
 */
export async function updateShareFor(
  db: Db,
  meetingId: string,
  shareId: string,
  input: UpdateShareInput,
): Promise<ApiShare> {
  if (!isUuid(shareId)) throw new ApiError(404, 'not_found', 'Share link not found.');
  const row = await updateShare(db, meetingId, shareId, {
    ...(input.expiresInDays !== undefined
      ? { expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000) }
      : {}),
    ...(input.password !== undefined
      ? { passwordHash: input.password === null ? null : await hashPassword(input.password) }
      : {}),
  });
  if (!row) throw new ApiError(404, 'not_found', 'Share link not found.');
  if (row.revoked_at) {
    throw new ApiError(409, 'share_revoked', 'This link was revoked; make a new one.');
  }
  return toApiShare(row);
}

/** Reads a request's cookies (SvelteKit's `cookies`). */
export interface CookieJar {
  get(name: string): string | undefined;
}

/** How long a browser that gave a link's password may open it without asking again. */
const GRANT_MS = 12 * 3_600_000;

/** The cookie that says this browser gave the link's password (one per link). */
export const shareGrantCookie = (share: { id: string }) => `parley_share_${share.id}`;

/**
 * Proof that the password was given, until `expires`: keyed by the link's password hash (its salt
 * is known to the server only), so it needs no stored state, holds on every web process, and a
 * revoked link or another password voids it.
 */
function grantMac(share: MeetingShareRow, expires: number): Buffer {
  return createHmac('sha256', share.password_hash ?? '')
    .update(`${share.token_hash}.${expires}`)
    .digest();
}

function granted(share: MeetingShareRow, jar: CookieJar, now = Date.now()): boolean {
  if (share.password_hash === null) return true;
  const [exp, mac, extra] = (jar.get(shareGrantCookie(share)) ?? '').split('.');
  const expires = Number(exp);
  if (!mac || extra !== undefined || !Number.isSafeInteger(expires) || expires <= now) return false;
  const want = grantMac(share, expires);
  const got = Buffer.from(mac, 'base64url');
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The usable link behind a secret; null when malformed, unknown, revoked or expired. */
async function usableShare(db: Db, token: string): Promise<MeetingShareRow | null> {
  if (!TOKEN.test(token)) return null;
  return (await findUsableShare(db, hashSessionToken(token))) ?? null;
}

/**
 * The usable link behind a secret and its meeting, or `locked` when it has a password this
 * browser has not given (nothing more is read); null when unusable. A visit is counted only
 * when it shows the meeting.
 */
async function openShare(
  db: Db,
  token: string,
  jar: CookieJar,
  countView: boolean,
): Promise<{ locked: true } | { locked: false; share: MeetingShareRow; meeting: Meeting } | null> {
  const found = await usableShare(db, token);
  if (!found) return null;
  if (!granted(found, jar)) return { locked: true };
  const share = countView ? { ...found, ...(await countShareView(db, found.id)) } : found;
  const meeting = await findMeetingById(db, share.meeting_id);
  return meeting ? { locked: false, share, meeting } : null;
}

const NOT_SHARED = () =>
  new ApiError(404, 'not_found', 'This link is invalid, revoked or expired.');
/** A link with a password this browser has not given (the page asks for it). */
const LOCKED = () => new ApiError(401, 'share_locked', 'This link asks for its password.');

/** The grant cookie's attributes: httpOnly, same-site, secure on https, until the grant ends. */
export function shareGrantCookieOptions(grant: { expires: Date }, url: URL) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    expires: grant.expires,
  } as const;
}

/** Wrong passwords for one link from one address, and from everyone, per window. */
const UNLOCK_LIMITS = {
  perAddress: { limit: 10, windowSeconds: 900 },
  perLink: { limit: 100, windowSeconds: 3600 },
};

/**
 * Checks a link's password; the cookie that lets this browser open it for 12 hours. Guesses are
 * limited per link and address and per link (429; refused while the limiter is down); a wrong
 * password is 422 naming `password`; an unusable link 404.
 */
export async function unlockShare(
  db: Db,
  token: string,
  password: string,
  ip: string,
  now = Date.now(),
): Promise<{ name: string; value: string; expires: Date }> {
  const share = await usableShare(db, token);
  if (!share) throw NOT_SHARED();
  if (share.password_hash !== null) {
    await enforce(
      [
        rule(`share-unlock:${share.id}:ip:${ip}`, UNLOCK_LIMITS.perAddress),
        rule(`share-unlock:${share.id}`, UNLOCK_LIMITS.perLink),
      ],
      'closed',
    );
    if (!(await verifyPassword(share.password_hash, password))) {
      throw validationError({ password: 'Wrong password.' });
    }
  }
  const expires = Math.min(now + GRANT_MS, share.expires_at.getTime());
  return {
    name: shareGrantCookie(share),
    value: `${expires}.${grantMac(share, expires).toString('base64url')}`,
    expires: new Date(expires),
  };
}

/**
 * What a link shows, read afresh on every visit (a revocation or an edit shows at once on
 * every web process), and the visit counted. 404 when the link is unusable.
 */
export async function sharedMeetingView(
  db: Db,
  token: string,
  jar: CookieJar,
): Promise<ApiSharedMeeting> {
  const opened = await openShare(db, token, jar, true);
  if (!opened) throw NOT_SHARED();
  if (opened.locked) throw LOCKED();
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
      segments?.map((g) => ({
        startMs: g.start_ms,
        endMs: g.end_ms,
        speaker: g.speaker_name,
        text: g.text,
      })) ?? null,
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
export async function sharedTranscriptMeeting(
  db: Db,
  token: string,
  jar: CookieJar,
): Promise<Meeting> {
  const opened = await openShare(db, token, jar, false);
  if (!opened || opened.locked || !opened.share.include_transcript) throw NOT_SHARED();
  return opened.meeting;
}

/** A fresh short-lived URL to play one of the shared meeting's recordings; 404 otherwise. */
export async function sharedRecordingUrl(
  db: Db,
  token: string,
  recordingId: string,
  jar: CookieJar,
): Promise<string> {
  const opened = await openShare(db, token, jar, false);
  if (!opened || opened.locked || !opened.share.include_recording) throw NOT_SHARED();
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

/**
 * A shared page is for its holder: never cached, indexed, or named in a Referer to another site.
 * `same-origin`, not `no-referrer`: under `no-referrer` a browser's form post (the password form)
 * carries `Origin: null`, which the app's CSRF check rightly refuses.
 */
export const SHARE_HEADERS: Record<string, string> = {
  'cache-control': 'private, no-store',
  'x-robots-tag': 'noindex, nofollow',
  'referrer-policy': 'same-origin',
};
