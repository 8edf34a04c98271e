import { findOwnActionItem, updateActionItem, type Db, type VisibleActionItem } from '@parley/db';
import { verifyItemDoneToken } from '@parley/services/mail';
import { config } from '../config.ts';
import { ApiError } from '../http/errors.ts';
import { isUuid } from '../meetings/schemas.ts';
import { actionItemUpdatedWebhookEvent } from '../webhooks/events.ts';

// "Mark done" links in action-item reminders: they work without logging in (the signed token
// names the person and the item, for 30 days), for an item still assigned to that person in a
// meeting they may still see. GET shows the item (mail scanners open links); POST marks it done.

export interface DoneLinkItem {
  userId: string;
  item: VisibleActionItem;
}

/** The item a link is for; 404 for a link forged, expired, or for an item no longer theirs. */
export async function itemOfDoneLink(db: Db, token: string | null): Promise<DoneLinkItem> {
  const secret = config().mailSecret;
  const link = secret && token ? verifyItemDoneToken(secret, token) : null;
  const item =
    link && isUuid(link.itemId) ? await findOwnActionItem(db, link.userId, link.itemId) : undefined;
  if (!link || !item) {
    throw new ApiError(404, 'not_found', 'This link is not valid any more (or has expired).');
  }
  return { userId: link.userId, item };
}

/** Marks the link's item done (as its owner); already done stays as it is. */
export async function markDoneByLink(db: Db, token: string | null): Promise<DoneLinkItem> {
  const found = await itemOfDoneLink(db, token);
  if (found.item.status === 'done') return found;
  await updateActionItem(
    db,
    found.item.meeting_id,
    found.item.id,
    { status: 'done' },
    found.userId,
  );
  await actionItemUpdatedWebhookEvent(db, found.item.meeting_id, {
    id: found.item.id,
    changes: ['status'],
    by: found.userId,
  });
  return { ...found, item: { ...found.item, status: 'done' } };
}
