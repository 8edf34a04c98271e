import type { SessionUser } from './service.ts';

/** A signed-in user, through a browser session or a personal API token. */
export interface UserPrincipal {
  kind: 'user';
  user: SessionUser;
  via: 'session' | 'api_token';
  /** Session id (SHA-256 of the cookie token) when `via` is session. */
  sessionId: string | null;
  /** API token id when `via` is api_token. */
  tokenId: string | null;
}

/** A guest: bound to exactly one meeting through a guest session. */
export interface GuestPrincipal {
  kind: 'guest';
  guest: {
    sessionId: string;
    meetingId: string;
    /** LiveKit identity (`guest-<uuid>`). */
    identity: string;
    displayName: string;
  };
}

export type Principal = UserPrincipal | GuestPrincipal;

/** Stable id for logs and rate-limit keys (never a name or email). */
export function principalKey(p: Principal | null, ip: string): string {
  if (!p) return `ip:${ip}`;
  return p.kind === 'user' ? `user:${p.user.id}` : `guest:${p.guest.identity}`;
}
