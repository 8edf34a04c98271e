import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse, reportError } from '#lib/server/http/index.ts';
import { postmeetingQueue, postmeetingView } from '#lib/server/search/index.ts';
import { PostmeetingBusyError, rerunPostmeeting } from '@parley/services/postmeeting';

/** Summary, action items, extracted data and the pipeline's progress (or failure). */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  return jsonResponse(await postmeetingView(db, access.meeting.id));
});

/** Re-runs the chain (hosts): results are replaced when it finishes; nothing is lost before. */
export const POST: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'update');
  if (access.meeting.status !== 'ended') {
    throw new ApiError(409, 'meeting_not_ended', 'The meeting has not ended yet.');
  }
  const userId = locals.principal?.kind === 'user' ? locals.principal.user.id : null;
  try {
    await rerunPostmeeting(db, postmeetingQueue(), access.meeting.id, userId);
  } catch (err) {
    if (err instanceof PostmeetingBusyError) {
      throw new ApiError(409, 'already_running', 'The post-meeting steps are already running.');
    }
    const ref = reportError(err, { method: 'POST', path: '/api/meetings/:id/postmeeting' });
    throw new ApiError(
      503,
      'queue_unavailable',
      `The job queue is unavailable; try again shortly (reference ${ref}).`,
    );
  }
  return jsonResponse(await postmeetingView(db, access.meeting.id), 202);
});
