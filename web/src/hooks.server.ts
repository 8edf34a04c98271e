import { redirect } from '@sveltejs/kit';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { SESSION_COOKIE, resolveSession, setSessionCookie } from '#lib/server/auth/index.ts';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import { reportError } from '#lib/server/http/index.ts';

/** Validate the environment at startup so a bad variable fails fast. */
export const init: ServerInit = () => {
  config();
};

/** Pages that need a signed-in user (API routes answer 401 themselves). */
function isProtectedPage(pathname: string): boolean {
  return pathname === '/meetings' || pathname.startsWith('/meetings/');
}

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.user = null;
  event.locals.sessionId = null;

  const token = event.cookies.get(SESSION_COOKIE);
  if (token) {
    const session = await resolveSession(getDb(), token, config().sessionTtlDays);
    if (session) {
      event.locals.user = session.user;
      event.locals.sessionId = session.sessionId;
      if (session.renewedUntil) {
        setSessionCookie(event.cookies, token, {
          secure: event.url.protocol === 'https:',
          expires: session.renewedUntil,
        });
      }
    }
  }

  if (!event.locals.user && isProtectedPage(event.url.pathname)) {
    const next = event.url.pathname + event.url.search;
    redirect(303, `/login?next=${encodeURIComponent(next)}`);
  }

  const response = await resolve(event);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  if (!response.headers.has('x-frame-options')) response.headers.set('x-frame-options', 'DENY');
  return response;
};

/** Logs unexpected errors with a reference id; users only ever see a generic message. */
export const handleError: HandleServerError = ({ kind, error, event }) => {
  if (kind !== 'unknown') return;
  const id = reportError(error, { method: event.request.method, path: event.url.pathname });
  return { message: 'Something went wrong on our side.', id };
};
