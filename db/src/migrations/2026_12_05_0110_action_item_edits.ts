import { sql, type Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, never against the current Database type.
//
// Action items people own: each gets a stable id (the key instead of its position), a status
// (open / done), a review state for machine-made ones (pending / accepted / rejected), and the
// time and person of the last edit. `machine_text` keeps what the pipeline wrote, so a re-run
// recognises an item a person already handled and leaves it alone. `source` may now be `user`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table action_items
    add column id uuid not null default gen_random_uuid(),
    add column status text not null default 'open' check (status in ('open','done')),
    add column done_at timestamptz,
    add column review text not null default 'pending' check (review in ('pending','accepted','rejected')),
    add column edited_at timestamptz,
    add column edited_by uuid references users(id) on delete set null,
    add column machine_text text,
    add column created_at timestamptz not null default now()`.execute(db);
  await sql`update action_items set machine_text = text`.execute(db);
  await sql`alter table action_items drop constraint action_items_pkey`.execute(db);
  await sql`alter table action_items add constraint action_items_pkey primary key (id)`.execute(db);
  await sql`create index action_items_meeting_idx on action_items (meeting_id, position)`.execute(
    db,
  );
  await sql`alter table action_items drop constraint if exists action_items_source_check`.execute(
    db,
  );
  await sql`alter table action_items add constraint action_items_source_check
            check (source in ('llm','rules','user'))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from action_items where source = 'user'`.execute(db);
  await sql`alter table action_items drop constraint action_items_source_check`.execute(db);
  await sql`alter table action_items add constraint action_items_source_check
            check (source in ('llm','rules'))`.execute(db);
  await sql`drop index if exists action_items_meeting_idx`.execute(db);
  await sql`alter table action_items drop constraint action_items_pkey`.execute(db);
  await sql`with r as (select id, row_number() over (partition by meeting_id order by position, created_at) - 1 as p
                       from action_items)
            update action_items a set position = r.p from r where r.id = a.id`.execute(db);
  await sql`alter table action_items add constraint action_items_pkey primary key (meeting_id, position)`.execute(
    db,
  );
  await sql`alter table action_items drop column id, drop column status, drop column done_at,
            drop column review, drop column edited_at, drop column edited_by,
            drop column machine_text, drop column created_at`.execute(db);
}
