import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { MAX_ICS_BYTES, importCalendar } from '#lib/server/calendar/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse, readBodyText } from '#lib/server/http/index.ts';

/**
 * Imports an .ics file (the body, `text/calendar`, ≤ 1 MiB): its events within the next 90
 * days become scheduled meetings (`?teamId=` for a team the caller creates meetings in); an event
 * imported before is updated or, when cancelled, its meeting deleted while it has not started.
 */
export const POST: RequestHandler = apiHandler(async ({ locals, request, url }) => {
  const p = requireUser(locals.principal);
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'text/calendar') {
    throw new ApiError(415, 'unsupported_media_type', 'Send the file as text/calendar.');
  }
  const teamId = url.searchParams.get('teamId');
  const text = await readBodyText(request, MAX_ICS_BYTES);
  return jsonResponse(await importCalendar(getDb(), p, text, teamId || null));
});
