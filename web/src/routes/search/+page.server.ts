import { MEETING_TYPES, MEETING_TYPE_LABELS } from '@parley/protocol';
import type { PageServerLoad } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors } from '#lib/server/http/index.ts';
import { pageLoad } from '#lib/server/http/page.ts';
import { searchFor, searchQuerySchema } from '#lib/server/search/index.ts';
import { listTeamsFor } from '#lib/server/teams/index.ts';

export const load: PageServerLoad = ({ locals, url }) =>
  pageLoad(async () => {
    const p = requireUser(locals.principal);
    const db = getDb();
    const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
    const teams = (await listTeamsFor(db, p)).map((t) => ({ id: t.id, name: t.name }));
    const base = {
      filters: raw,
      teams,
      types: MEETING_TYPES.map((value) => ({ value, label: MEETING_TYPE_LABELS[value] })),
    };
    if (raw.q === undefined) {
      return { ...base, searched: false, items: [], semantic: false, filterErrors: {} };
    }
    const parsed = searchQuerySchema.safeParse(raw);
    if (!parsed.success) {
      return {
        ...base,
        searched: false,
        items: [],
        semantic: false,
        filterErrors: fieldErrors(parsed.error),
      };
    }
    const result = await searchFor(db, p, parsed.data);
    return { ...base, searched: true, ...result, filterErrors: {} };
  });
