import type { PageServerLoad } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { pageLoad } from '#lib/server/http/page.ts';
import { listSubjectsFor } from '#lib/server/subjects/index.ts';

export const load: PageServerLoad = ({ locals, url }) =>
  pageLoad(async () => {
    const p = requireUser(locals.principal);
    const q = (url.searchParams.get('q') ?? '').trim().slice(0, 255);
    return { q, subjects: await listSubjectsFor(getDb(), p, { q: q || undefined, limit: 200 }) };
  });
