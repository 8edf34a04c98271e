import { createHmac, timingSafeEqual } from 'node:crypto';

// Unsubscribe links: `<payload>.<signature>` (base64url), signed with a key derived from
// MAIL_SECRET. They work without logging in and do not expire (an old email must still work).

const PURPOSE = 'parley-unsubscribe-v1';

function key(secret: string): Buffer {
  return createHmac('sha256', secret).update(PURPOSE).digest();
}

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', key(secret)).update(payload).digest();
}

/** The emails a link can turn off: the follow-up after meetings, the action-item reminders. */
export const MAIL_LISTS = ['followup', 'reminders'] as const;
export type MailList = (typeof MAIL_LISTS)[number];

const isMailList = (v: unknown): v is MailList => MAIL_LISTS.some((l) => l === v);

/** A token that turns off `list` (the follow-up email unless told) for `userId`. */
export function signUnsubscribeToken(
  secret: string,
  userId: string,
  list: MailList = 'followup',
): string {
  const payload = Buffer.from(JSON.stringify({ u: userId, p: list })).toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

/** Who a token was made for and which emails it stops; null for anything forged, cut or malformed. */
export function verifyUnsubscribeToken(
  secret: string,
  token: string,
): { userId: string; list: MailList } | null {
  if (token.length > 512) return null;
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return null;
  const want = sign(secret, payload);
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  try {
    const v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (typeof v !== 'object' || v === null) return null;
    const { u, p } = v as { u?: unknown; p?: unknown };
    return typeof u === 'string' && u.length > 0 && isMailList(p) ? { userId: u, list: p } : null;
  } catch {
    return null;
  }
}
