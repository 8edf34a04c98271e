import { listVisibleActionItems, type Db, type VisibleActionItem } from '@parley/db';
import type { ApiActionItemEntry, ApiActionItemList } from '@parley/protocol';
import { sourceHref } from '@parley/services/subjects';
import type { UserPrincipal } from '../auth/principal.ts';
import type { ListActionItemsQuery } from './schemas.ts';
import { toApiActionItem } from './service.ts';

function toEntry(i: VisibleActionItem): ApiActionItemEntry {
  return {
    ...toApiActionItem(i),
    doneAt: i.done_at?.toISOString() ?? null,
    meeting: {
      id: i.meeting_id,
      title: i.meeting_title,
      type: i.meeting_type,
      at: i.meeting_at.toISOString(),
      teamId: i.team_id,
    },
    href: sourceHref({ meetingId: i.meeting_id, startMs: i.start_ms }),
  };
}

/**
 * Action items across every meeting the caller may see (their own and their teams'), for the
 * action items page and `GET /api/action-items`: theirs or everyone's, open, done or both.
 */
export async function listActionItemsFor(
  db: Db,
  principal: UserPrincipal,
  q: ListActionItemsQuery,
): Promise<ApiActionItemList> {
  const rows = await listVisibleActionItems(db, principal.user.id, {
    mine: q.assignee === 'me',
    status: q.status,
    teamId: q.teamId === 'personal' ? null : q.teamId,
    limit: q.limit,
    offset: q.offset,
  });
  const more = rows.length > q.limit;
  return {
    items: rows.slice(0, q.limit).map(toEntry),
    nextOffset: more ? q.offset + q.limit : null,
  };
}
