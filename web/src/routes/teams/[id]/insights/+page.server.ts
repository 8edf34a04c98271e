import type { PageServerLoad } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors, validationError } from '#lib/server/http/index.ts';
import { pageLoad } from '#lib/server/http/page.ts';
import { insightsQuerySchema, teamInsightsFor } from '#lib/server/teams/index.ts';

export const load: PageServerLoad = ({ locals, params, url }) =>
  pageLoad(async () => {
    const p = requireUser(locals.principal);
    const query = insightsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) throw validationError(fieldErrors(query.error));
    return teamInsightsFor(getDb(), p, params.id, query.data.weeks);
  });
