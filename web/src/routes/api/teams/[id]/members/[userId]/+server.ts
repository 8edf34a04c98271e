import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, readJson } from '#lib/server/http/index.ts';
import { isUuid } from '#lib/server/meetings/index.ts';
import { changeMemberRole, removeMember, setRoleSchema } from '#lib/server/teams/index.ts';

function memberId(id: string): string {
  if (!isUuid(id)) throw new ApiError(404, 'not_found', 'Member not found.');
  return id;
}

export const PATCH: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, setRoleSchema);
  await changeMemberRole(getDb(), p, params.id, memberId(params.userId), input.role);
  return new Response(null, { status: 204 });
});

export const DELETE: RequestHandler = apiHandler(async ({ locals, params }) => {
  const p = requireUser(locals.principal);
  await removeMember(getDb(), p, params.id, memberId(params.userId));
  return new Response(null, { status: 204 });
});
