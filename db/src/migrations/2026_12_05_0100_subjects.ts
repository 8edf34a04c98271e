import { sql, type Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, never against the current Database type.
//
// Subjects (the company or person meetings are about) become records. A subject belongs to a
// team (`team_id`) or, when it has none, to one user (`owner_id`): the same scopes meetings have,
// so whoever sees a subject sees every meeting linked to it. A meeting links to a subject of its
// own scope by `subject_id`; `meetings.subject` stays as the subject's name (copied when linked,
// renamed or merged), so text filters and the agent's prompt keep working unchanged.
//
// Existing free-text subjects become one subject per scope and case-insensitive trimmed name
// (the newest spelling wins); blank ones are cleared.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subjects')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) between 1 and 255`))
    .addColumn('kind', 'text', (c) => c.check(sql`kind in ('company','person')`))
    /** The user who created it; for a personal subject (no team) its only owner. */
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index subjects_team_name_key on subjects (team_id, lower(name))
            where team_id is not null`.execute(db);
  await sql`create unique index subjects_owner_name_key on subjects (owner_id, lower(name))
            where team_id is null`.execute(db);

  await db.schema
    .alterTable('meetings')
    .addColumn('subject_id', 'uuid', (c) => c.references('subjects.id').onDelete('set null'))
    .execute();
  await sql`create index meetings_subject_id_idx on meetings (subject_id) where subject_id is not null`.execute(
    db,
  );

  await sql`update meetings set subject = null where subject is not null and btrim(subject) = ''`.execute(
    db,
  );
  await sql`
    insert into subjects (name, owner_id, team_id, created_at)
    select distinct on (coalesce(team_id, owner_id), team_id is null, lower(btrim(subject)))
           btrim(subject), owner_id, team_id, created_at
      from meetings
     where subject is not null
     order by coalesce(team_id, owner_id), team_id is null, lower(btrim(subject)), created_at desc`.execute(
    db,
  );
  await sql`
    update meetings m set subject_id = s.id, subject = s.name
      from subjects s
     where m.subject is not null
       and lower(s.name) = lower(btrim(m.subject))
       and ((m.team_id is not null and s.team_id = m.team_id)
         or (m.team_id is null and s.team_id is null and s.owner_id = m.owner_id))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists meetings_subject_id_idx`.execute(db);
  await db.schema.alterTable('meetings').dropColumn('subject_id').execute();
  await db.schema.dropTable('subjects').ifExists().execute();
}
