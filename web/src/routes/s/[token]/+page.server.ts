import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db.ts';
import { pageLoad } from '#lib/server/http/page.ts';
import { SHARE_HEADERS, sharedMeetingView } from '#lib/server/shares/index.ts';

/** A meeting shared by link: no account needed; 404 once the link is revoked or expired. */
export const load: PageServerLoad = ({ params, setHeaders }) =>
  pageLoad(async () => {
    const shared = await sharedMeetingView(getDb(), params.token);
    setHeaders(SHARE_HEADERS);
    return { shared, token: params.token };
  });
