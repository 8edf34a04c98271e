import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { ReminderEmailStatus } from '../schema.ts';

// The claim a worker takes on a scheduled email (an action-item reminder, a meeting brief) before
// it sends, and what became of it: the same rules for every such email, each kept in its own
// table under its own key. Several workers sweeping at once never send one twice.

/** Tables of scheduled emails and the columns of each one's key. */
const KEYS = {
  action_item_reminders: ['user_id', 'period'],
  meeting_brief_emails: ['meeting_id', 'user_id', 'scheduled_for'],
} as const;
export type EmailClaimTable = keyof typeof KEYS;
/** The column that says when each table's emails are for (a period's first day, a meeting time). */
const WHEN = { action_item_reminders: 'period', meeting_brief_emails: 'scheduled_for' } as const;
type Key<T extends EmailClaimTable> = Record<(typeof KEYS)[T][number], string | Date>;

/** A claim older than this is taken to be from a worker that died while sending. */
export const STALE_CLAIM = sql`interval '10 minutes'`;

/**
 * SQL true for a row (alias `r`) that needs no sending now: settled, or claimed by a worker that
 * is still within its time. `pending` (the SMTP server could not take it) is sent again.
 */
export const settledOrTaken = sql<boolean>`(r.status <> 'pending' and (r.status <> 'sending' or r.claimed_at > now() - ${STALE_CLAIM}))`;

const where = <T extends EmailClaimTable>(table: T, key: Key<T>) =>
  sql.join(
    KEYS[table].map((c: (typeof KEYS)[T][number]) => sql`${sql.ref(c)} = ${key[c]}`),
    sql` and `,
  );

/**
 * Claims the email under `key` (new, `pending`, or a claim gone stale); the number of tries so far
 * including this one, or null when another worker has it or it is settled.
 */
export async function claimEmail<T extends EmailClaimTable>(
  db: Db,
  table: T,
  key: Key<T>,
): Promise<number | null> {
  const cols = KEYS[table] as readonly string[];
  const t = sql.table(table);
  const r = await sql<{ attempts: number }>`
    insert into ${t} (${sql.join(cols.map((c) => sql.ref(c)))}, status, attempts, claimed_at)
    values (${sql.join(cols.map((c) => (key as Record<string, string | Date>)[c]))}, 'sending', 1, now())
    on conflict (${sql.join(cols.map((c) => sql.ref(c)))}) do update
      set status = 'sending', attempts = ${t}.attempts + 1, claimed_at = now()
      where ${t}.status = 'pending'
         or (${t}.status = 'sending' and ${t}.claimed_at <= now() - ${STALE_CLAIM})
    returning attempts`.execute(db);
  return r.rows[0]?.attempts ?? null;
}

export interface EmailOutcome {
  status: Exclude<ReminderEmailStatus, 'sending'>;
  /** A short code (`smtp_550`, `connection`…), never the server's text. */
  error?: string | null;
  messageId?: string | null;
}

/** Records what became of a claimed email (and any other columns of its table in `extra`). */
export async function settleEmail<T extends EmailClaimTable>(
  db: Db,
  table: T,
  key: Key<T>,
  o: EmailOutcome,
  extra: Record<string, number | string | null> = {},
): Promise<void> {
  const sets = [
    sql`status = ${o.status}`,
    sql`error = ${o.error ?? null}`,
    sql`message_id = ${o.messageId ?? null}`,
    sql`sent_at = ${o.status === 'sent' ? sql`now()` : null}`,
    ...Object.entries(extra).map(([c, v]) => sql`${sql.ref(c)} = ${v}`),
  ];
  await sql`update ${sql.table(table)} set ${sql.join(sets)} where ${where(table, key)}`.execute(
    db,
  );
}

/**
 * Gives up emails still waiting (`pending`, or a claim never settled) that were for a time before
 * `before`: they are `failed` (keeping their last error, else `code`). How many.
 */
export async function expireEmails(
  db: Db,
  table: EmailClaimTable,
  before: string | Date,
  code: string,
): Promise<number> {
  const r =
    await sql`update ${sql.table(table)} set status = 'failed', error = coalesce(error, ${code})
    where ${sql.ref(WHEN[table])} < ${before} and status in ('pending', 'sending')`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Forgets emails that were for a time before `before`; how many. */
export async function pruneEmails(
  db: Db,
  table: EmailClaimTable,
  before: string | Date,
): Promise<number> {
  const r =
    await sql`delete from ${sql.table(table)} where ${sql.ref(WHEN[table])} < ${before}`.execute(
      db,
    );
  return Number(r.numAffectedRows ?? 0);
}
