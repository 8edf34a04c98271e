import type { Principal, SessionUser } from '#lib/server/auth/index.ts';
import type { PrefetchedAccess } from '#lib/server/authz/index.ts';

declare global {
  namespace App {
    interface Error {
      status: number;
      message: string;
      /** Reference id of a logged unexpected error. */
      id?: string;
    }
    interface Locals {
      /** Who is calling: a user (session or API token), a guest, or null. */
      principal: Principal | null;
      /** The signed-in user (session or API token), or null (also null for guests). */
      user: SessionUser | null;
      /** SHA-256 id of the current browser session, or null. */
      sessionId: string | null;
      /** The caller's access to the meeting of a token request, read with their session. */
      prefetchedAccess: PrefetchedAccess | null;
    }
  }
}

export {};
