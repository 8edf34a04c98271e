import type { RequestHandler } from './$types';
import { isMeetingType } from '@parley/protocol';
import { loadChecklist } from '@parley/prompts';
import { requireUser } from '#lib/server/authz/index.ts';
import { ApiError, apiHandler, jsonResponse } from '#lib/server/http/index.ts';

/** The template checklist of a meeting type (what new meetings are prefilled with). */
export const GET: RequestHandler = apiHandler(({ params, locals }) => {
  requireUser(locals.principal);
  if (!isMeetingType(params.type)) {
    throw new ApiError(404, 'not_found', 'Unknown meeting type.');
  }
  return Promise.resolve(jsonResponse(loadChecklist(params.type)));
});
