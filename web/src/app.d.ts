import type { SessionUser } from '#lib/server/auth/index.ts';

declare global {
  namespace App {
    interface Error {
      status: number;
      message: string;
      /** Reference id of a logged unexpected error. */
      id?: string;
    }
    interface Locals {
      /** The signed-in user, or null. */
      user: SessionUser | null;
      /** SHA-256 id of the current session, or null. */
      sessionId: string | null;
    }
  }
}

export {};
