import { sql, type Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, never against the current Database type.
// Teams and roles, meeting subject/schedule/team/checklist, guest links and sessions, personal
// API tokens, absolute session expiry, and the webhook-fed track and egress records.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner','admin','member')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('team_members_pkey', ['team_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('team_members_user_idx')
    .on('team_members')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('team_invites')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin','member')`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('used_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable('meetings')
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('subject', 'text')
    .addColumn('scheduled_at', 'timestamptz')
    .addColumn('checklist', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema
    .createIndex('meetings_team_created_idx')
    .on('meetings')
    .columns(['team_id', 'created_at desc', 'id desc'])
    .where(sql.ref('team_id'), 'is not', null)
    .execute();
  await sql`create index meetings_subject_lower_idx on meetings (lower(subject)) where subject is not null`.execute(
    db,
  );
  await sql`create index meetings_live_idx on meetings (status) where status = 'live'`.execute(db);

  await db.schema
    .createTable('guest_links')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('guest_links_meeting_idx')
    .on('guest_links')
    .column('meeting_id')
    .execute();

  await db.schema
    .createTable('guest_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('guest_link_id', 'uuid', (c) =>
      c.notNull().references('guest_links.id').onDelete('cascade'),
    )
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('identity', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

  await db.schema.alterTable('sessions').addColumn('absolute_expires_at', 'timestamptz').execute();

  await db.schema
    .createTable('meeting_tracks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('participant_sid', 'text', (c) => c.notNull())
    .addColumn('participant_identity', 'text', (c) => c.notNull())
    .addColumn('track_sid', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('meeting_tracks_track_key', ['meeting_id', 'track_sid'])
    .execute();

  await db.schema
    .createTable('meeting_egress')
    .addColumn('egress_id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'uuid', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('info', 'jsonb', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('meeting_egress_meeting_idx')
    .on('meeting_egress')
    .column('meeting_id')
    .execute();
  await db.schema
    .createIndex('meeting_participants_identity_idx')
    .on('meeting_participants')
    .columns(['meeting_id', 'identity'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('meeting_participants_identity_idx').ifExists().execute();
  for (const t of [
    'meeting_egress',
    'meeting_tracks',
    'api_tokens',
    'guest_sessions',
    'guest_links',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema.alterTable('sessions').dropColumn('absolute_expires_at').execute();
  await sql`drop index if exists meetings_live_idx`.execute(db);
  await sql`drop index if exists meetings_subject_lower_idx`.execute(db);
  await sql`drop index if exists meetings_team_created_idx`.execute(db);
  await db.schema
    .alterTable('meetings')
    .dropColumn('checklist')
    .dropColumn('scheduled_at')
    .dropColumn('subject')
    .dropColumn('team_id')
    .execute();
  for (const t of ['team_invites', 'team_members', 'teams']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
