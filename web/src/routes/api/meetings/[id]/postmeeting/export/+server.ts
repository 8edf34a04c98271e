import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler } from '#lib/server/http/index.ts';
import { postmeetingMarkdown } from '#lib/server/search/index.ts';

/** Summary, action items and data as a Markdown download. */
export const GET: RequestHandler = apiHandler(async ({ locals, params, url }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  const md = await postmeetingMarkdown(db, access.meeting, url.origin);
  const name =
    access.meeting.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'meeting';
  return new Response(md, {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="${encodeURIComponent(name)}-summary.md"`,
      'cache-control': 'no-store',
    },
  });
});
