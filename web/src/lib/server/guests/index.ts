import { randomBytes } from 'node:crypto';
import {
  createGuestLink,
  createGuestSession,
  findGuestSession,
  findUsableGuestLink,
  listGuestLinks,
  type Db,
  type GuestLink,
} from '@parley/db';
import { guestIdentity, type ApiGuestLink } from '@parley/protocol';
import type { Cookies } from '@sveltejs/kit';
import { z } from 'zod';
import type { GuestPrincipal } from '../auth/principal.ts';
import { hashSessionToken } from '../auth/session.ts';
import { ApiError } from '../http/errors.ts';

export const GUEST_TOKEN_PREFIX = 'parley_guest_';
export const GUEST_COOKIE = 'parley_guest';
export const SECURE_GUEST_COOKIE = '__Host-parley_guest';

export function guestCookieName(secure: boolean): string {
  return secure ? SECURE_GUEST_COOKIE : GUEST_COOKIE;
}

export const createGuestLinkSchema = z.object({
  expiresInHours: z
    .number({ error: 'expiresInHours must be a number of hours.' })
    .int('expiresInHours must be a whole number.')
    .min(1, 'expiresInHours must be at least 1.')
    .max(720, 'expiresInHours must be at most 720.')
    .optional(),
});

export const guestJoinSchema = z.object({
  token: z
    .string({ error: 'Token is required.' })
    .regex(/^[A-Za-z0-9_-]{43}$/, 'Token is malformed.'),
  displayName: z
    .string({ error: 'Display name is required.' })
    .trim()
    .min(1, 'Display name is required.')
    .max(60, 'Display name must be at most 60 characters.'),
});

function toApiGuestLink(l: GuestLink, now = Date.now()): ApiGuestLink {
  return {
    id: l.id,
    meetingId: l.meeting_id,
    expiresAt: l.expires_at.toISOString(),
    revokedAt: l.revoked_at?.toISOString() ?? null,
    createdAt: l.created_at.toISOString(),
    active: !l.revoked_at && l.expires_at.getTime() > now,
  };
}

/** Creates a guest link for one meeting (the caller was authorized for `create_guest_link`). */
export async function createGuestLinkFor(
  db: Db,
  meetingId: string,
  createdBy: string,
  ttlHours: number,
): Promise<{ token: string; path: string; link: ApiGuestLink }> {
  const token = randomBytes(32).toString('base64url');
  const link = await createGuestLink(db, {
    meetingId,
    tokenHash: hashSessionToken(token),
    createdBy,
    expiresAt: new Date(Date.now() + ttlHours * 3_600_000),
  });
  return { token, path: `/g/${token}`, link: toApiGuestLink(link) };
}

export async function listGuestLinksFor(db: Db, meetingId: string): Promise<ApiGuestLink[]> {
  const now = Date.now();
  return (await listGuestLinks(db, meetingId)).map((l) => toApiGuestLink(l, now));
}

/** What a guest link leads to (for the join page); null when unusable. */
export async function describeGuestLink(
  db: Db,
  token: string,
): Promise<{ meetingTitle: string } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const link = await findUsableGuestLink(db, hashSessionToken(token));
  return link ? { meetingTitle: link.meeting_title } : null;
}

/**
 * Exchanges a guest link and a display name for a guest session bound to that one meeting.
 * 401 when the link is unknown, expired or revoked. The session ends at the link's expiry at the
 * latest, and with the link when it is revoked.
 */
export async function joinAsGuest(
  db: Db,
  input: z.output<typeof guestJoinSchema>,
  sessionTtlHours: number,
): Promise<{ token: string; meetingId: string; identity: string; expiresAt: Date }> {
  const link = await findUsableGuestLink(db, hashSessionToken(input.token));
  if (!link) {
    throw new ApiError(
      401,
      'guest_link_invalid',
      'This guest link is invalid, revoked or expired.',
    );
  }
  const token = GUEST_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const identity = guestIdentity(crypto.randomUUID());
  const own = new Date(Date.now() + sessionTtlHours * 3_600_000);
  const expiresAt = own < link.expires_at ? own : link.expires_at;
  await createGuestSession(db, {
    id: hashSessionToken(token),
    guestLinkId: link.id,
    meetingId: link.meeting_id,
    identity,
    displayName: input.displayName,
    expiresAt,
  });
  return { token, meetingId: link.meeting_id, identity, expiresAt };
}

/** The guest behind a guest session token; null when unknown, expired or its link revoked. */
export async function resolveGuest(db: Db, token: string): Promise<GuestPrincipal | null> {
  if (!token.startsWith(GUEST_TOKEN_PREFIX) || token.length !== GUEST_TOKEN_PREFIX.length + 43) {
    return null;
  }
  const s = await findGuestSession(db, hashSessionToken(token));
  if (!s) return null;
  return {
    kind: 'guest',
    guest: {
      sessionId: s.id,
      meetingId: s.meetingId,
      identity: s.identity,
      displayName: s.displayName,
    },
  };
}

export function setGuestCookie(cookies: Cookies, token: string, secure: boolean, expires: Date) {
  cookies.set(guestCookieName(secure), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires,
  });
}
