import type { PageServerLoad } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { pageLoad } from '#lib/server/http/page.ts';
import { coverageReportFor, suggestionReportFor } from '#lib/server/report/index.ts';

export const load: PageServerLoad = ({ locals, params }) =>
  pageLoad(async () => {
    const db = getDb();
    const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
    requireUser(locals.principal);
    const [coverage, suggestions] = await Promise.all([
      coverageReportFor(db, access.meeting),
      suggestionReportFor(db, access.meeting.id),
    ]);
    return {
      meeting: {
        id: access.meeting.id,
        title: access.meeting.title,
        status: access.meeting.status,
      },
      coverage,
      suggestions,
    };
  });
