import { createHmac, timingSafeEqual } from 'node:crypto';

// Signed links in Parley's emails: `<payload>.<signature>` (base64url), signed with a key derived
// from MAIL_SECRET and the link's purpose, so one kind of link never passes for another. They
// work without logging in: the signature is the proof.

const UNSUBSCRIBE = 'parley-unsubscribe-v1';
const ITEM_DONE = 'parley-item-done-v1';
/** How long a "mark done" link in a reminder works. */
export const ITEM_DONE_LINK_DAYS = 30;

function mac(secret: string, purpose: string, payload: string): Buffer {
  const key = createHmac('sha256', secret).update(purpose).digest();
  return createHmac('sha256', key).update(payload).digest();
}

function signLink(secret: string, purpose: string, body: object): string {
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${mac(secret, purpose, payload).toString('base64url')}`;
}

/** The signed object, or null for anything forged, cut or malformed. */
function openLink(secret: string, purpose: string, token: string): Record<string, unknown> | null {
  if (token.length > 512) return null;
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return null;
  const want = mac(secret, purpose, payload);
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  try {
    const v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The emails a link can turn off: the follow-up after meetings, action-item reminders, briefs. */
export const MAIL_LISTS = ['followup', 'reminders', 'briefs'] as const;
export type MailList = (typeof MAIL_LISTS)[number];

const isMailList = (v: unknown): v is MailList => MAIL_LISTS.some((l) => l === v);

/** A token that turns off `list` (the follow-up email unless told) for `userId`; never expires. */
export function signUnsubscribeToken(
  secret: string,
  userId: string,
  list: MailList = 'followup',
): string {
  return signLink(secret, UNSUBSCRIBE, { u: userId, p: list });
}

/** Who a token was made for and which emails it stops; null for anything forged, cut or malformed. */
export function verifyUnsubscribeToken(
  secret: string,
  token: string,
): { userId: string; list: MailList } | null {
  const v = openLink(secret, UNSUBSCRIBE, token);
  const { u, p } = v ?? {};
  return typeof u === 'string' && u.length > 0 && isMailList(p) ? { userId: u, list: p } : null;
}

/**
 * The unsubscribe link of an email to `userId` (stopping `list`) and the headers that let mail
 * clients offer it, one-click (RFC 8058).
 */
export function unsubscribeFor(o: {
  origin: string;
  secret: string;
  userId: string;
  list: MailList;
}): { url: string; headers: Record<string, string> } {
  const url = `${o.origin}/unsubscribe?token=${signUnsubscribeToken(o.secret, o.userId, o.list)}`;
  return {
    url,
    headers: {
      'List-Unsubscribe': `<${url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** A token with which `userId` marks their action item `itemId` done, for ITEM_DONE_LINK_DAYS. */
export function signItemDoneToken(
  secret: string,
  userId: string,
  itemId: string,
  now: Date = new Date(),
): string {
  const e = Math.floor(now.getTime() / 1000) + ITEM_DONE_LINK_DAYS * 86_400;
  return signLink(secret, ITEM_DONE, { u: userId, i: itemId, e });
}

/** Whose item a token is for; null for anything forged, cut, malformed or expired. */
export function verifyItemDoneToken(
  secret: string,
  token: string,
  now: Date = new Date(),
): { userId: string; itemId: string } | null {
  const v = openLink(secret, ITEM_DONE, token);
  const { u, i, e } = v ?? {};
  if (typeof u !== 'string' || typeof i !== 'string' || typeof e !== 'number') return null;
  if (u.length === 0 || i.length === 0 || e * 1000 <= now.getTime()) return null;
  return { userId: u, itemId: i };
}
