import {
  claimDueSubscriptions,
  createCalendarSubscription,
  deleteCalendarSubscription,
  findUserById,
  listCalendarSubscriptions,
  recordSubscriptionPoll,
  type CalendarSubscription,
  type Db,
} from '@parley/db';
import type { ApiCalendarImport, ApiCalendarSubscription } from '@parley/protocol';
import { OutboundError, checkOutboundUrl, outboundRequest } from '@parley/services/outbound';
import type { UserPrincipal } from '../auth/principal.ts';
import { toSessionUser } from '../auth/service.ts';
import { authorizeTeam } from '../authz/index.ts';
import { config } from '../config.ts';
import { ApiError } from '../http/errors.ts';
import { errorFields, log } from '../ops/log.ts';
import { InvalidCalendarError, parseCalendar } from './parse.ts';
import { applyCalendar } from './sync.ts';

// Imports and subscriptions of a user's calendars.

/** Largest .ics accepted (upload or feed). */
export const MAX_ICS_BYTES = 1024 * 1024;

export type ImportResult = ApiCalendarImport;

async function teamFor(
  db: Db,
  principal: UserPrincipal,
  teamId: string | null,
): Promise<string | null> {
  if (!teamId) return null;
  return (await authorizeTeam(db, principal, teamId, 'create_meeting')).id;
}

function parseOr422(text: string) {
  try {
    return parseCalendar(text);
  } catch (err) {
    if (err instanceof InvalidCalendarError) {
      throw new ApiError(422, 'invalid_calendar', err.message, { fields: { file: err.message } });
    }
    throw err;
  }
}

/** An uploaded .ics: its events become (or update, or cancel) the user's scheduled meetings. */
export async function importCalendar(
  db: Db,
  principal: UserPrincipal,
  text: string,
  teamId: string | null,
): Promise<ImportResult> {
  const team = await teamFor(db, principal, teamId);
  const parsed = parseOr422(text);
  const r = await applyCalendar(db, principal, 'file', parsed.items, {
    teamId: team,
    fullFeed: false,
  });
  return { ...r, problems: parsed.problems };
}

export type SubscriptionView = ApiCalendarSubscription;

const view = (s: CalendarSubscription): SubscriptionView => ({
  id: s.id,
  url: s.url,
  teamId: s.team_id,
  lastPolledAt: s.last_polled_at?.toISOString() ?? null,
  lastError: s.last_error,
});

export async function listSubscriptions(db: Db, userId: string): Promise<SubscriptionView[]> {
  return (await listCalendarSubscriptions(db, userId)).map(view);
}

/** Adds a feed (its address checked like webhooks'), then polls it once. */
export async function subscribe(
  db: Db,
  principal: UserPrincipal,
  url: string,
  teamId: string | null,
): Promise<SubscriptionView> {
  const team = await teamFor(db, principal, teamId);
  if ((await listCalendarSubscriptions(db, principal.user.id)).length >= 10) {
    throw new ApiError(409, 'limit_reached', 'At most 10 calendar subscriptions per person.');
  }
  try {
    await checkOutboundUrl(url.replace(/^webcal:/i, 'https:'), config().outboundPolicy);
  } catch (err) {
    const message =
      err instanceof OutboundError && err.code === 'blocked_address'
        ? 'url points to a private, loopback or link-local address.'
        : 'url must be a reachable http(s) or webcal URL.';
    throw new ApiError(422, 'validation_failed', message, { fields: { url: message } });
  }
  const s = await createCalendarSubscription(db, { userId: principal.user.id, teamId: team, url });
  return syncSubscription(db, principal.user.id, s.id);
}

/** Polls one of the user's subscriptions now; 404 for unknown or foreign ids. */
export async function syncSubscription(
  db: Db,
  userId: string,
  id: string,
): Promise<SubscriptionView> {
  const find = async () =>
    /^[0-9a-f-]{36}$/i.test(id)
      ? (await listCalendarSubscriptions(db, userId)).find((x) => x.id === id)
      : undefined;
  const s = await find();
  if (!s) throw new ApiError(404, 'not_found', 'Subscription not found.');
  await pollSubscription(db, s);
  return view((await find()) ?? s);
}

export async function unsubscribe(db: Db, userId: string, id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id) || !(await deleteCalendarSubscription(db, userId, id))) {
    throw new ApiError(404, 'not_found', 'Subscription not found.');
  }
}

/** Fetches a feed through the SSRF guard and applies it; the outcome is kept on the row. */
export async function pollSubscription(db: Db, s: CalendarSubscription): Promise<void> {
  let error: string | null = null;
  try {
    const user = await findUserById(db, s.user_id);
    if (!user) return;
    const principal: UserPrincipal = {
      kind: 'user',
      user: toSessionUser(user),
      via: 'session',
      sessionId: null,
      tokenId: null,
    };
    const res = await outboundRequest(s.url.replace(/^webcal:/i, 'https:'), {
      method: 'GET',
      headers: { accept: 'text/calendar' },
      timeoutMs: 10_000,
      maxRedirects: 3,
      maxResponseBytes: MAX_ICS_BYTES,
      policy: config().outboundPolicy,
    });
    if (res.status !== 200) {
      error = `http_${res.status}`;
    } else {
      const parsed = parseCalendar(res.body.toString('utf8'));
      const team = s.team_id ? await teamFor(db, principal, s.team_id).catch(() => null) : null;
      await applyCalendar(db, principal, s.id, parsed.items, { teamId: team, fullFeed: true });
    }
  } catch (err) {
    error =
      err instanceof OutboundError
        ? err.code
        : err instanceof InvalidCalendarError
          ? 'invalid_ics'
          : 'error';
    if (error === 'error')
      log.warn({ subscriptionId: s.id, ...errorFields(err) }, 'calendar poll failed');
  }
  await recordSubscriptionPoll(db, s.id, error);
}

/** Polls due subscriptions every `intervalMs` (0: off); unref'd, errors logged. */
export function startCalendarPoller(db: () => Db, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => {};
  const timer = setInterval(
    () => {
      void (async () => {
        for (const s of await claimDueSubscriptions(db(), new Date(Date.now() - intervalMs), 20)) {
          await pollSubscription(db(), s);
        }
      })().catch((err: unknown) => log.warn({ ...errorFields(err) }, 'calendar poller failed'));
    },
    Math.min(intervalMs, 60_000),
  );
  timer.unref();
  return () => clearInterval(timer);
}
