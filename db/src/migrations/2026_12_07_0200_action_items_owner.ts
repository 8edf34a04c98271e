import { sql, type Kysely } from 'kysely';

// The action items page reads items across meetings in the order it shows them, until a page is
// full (the visibility check drops the few of other meetings on the way): open (and then done)
// by due date, and done by when they were done; everyone's and one person's ("assigned to me").
const INDEXES: [string, string][] = [
  ['action_items_status_due_idx', '(status desc, due_date asc nulls last)'],
  ['action_items_owner_status_due_idx', '(owner_identity, status desc, due_date asc nulls last)'],
  ['action_items_done_idx', "(done_at desc nulls last) where status = 'done'"],
  [
    'action_items_owner_done_idx',
    "(owner_identity, done_at desc nulls last) where status = 'done'",
  ],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, def] of INDEXES) {
    await sql.raw(`create index ${name} on action_items ${def}`).execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await sql.raw(`drop index if exists ${name}`).execute(db);
}
