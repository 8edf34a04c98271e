import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createDb, migrateToLatest, type Db } from './client.ts';
export { testServerUrl } from './testing-env.ts';

export interface TestDatabase {
  db: Db;
  /** Connection string of the fresh database. */
  url: string;
  /** Closes the pool and drops the database. */
  drop: () => Promise<void>;
}

/**
 * Creates a fresh, migrated database on the server named by `serverUrl` (any database on it),
 * so every test run starts empty and runs the real migrations.
 */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `parley_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: serverUrl, max: 1 }) }),
  });
  try {
    await sql`create database ${sql.id(name)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = createDb({ url, poolMax: 5 });
  await migrateToLatest(db);
  return {
    db,
    url,
    drop: async () => {
      await db.destroy();
      const a = new Kysely<unknown>({
        dialect: new PostgresDialect({
          pool: new pg.Pool({ connectionString: serverUrl, max: 1 }),
        }),
      });
      try {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(a);
      } finally {
        await a.destroy();
      }
    },
  };
}

/** Removes every row from the application tables (between tests). */
export async function truncateAll(db: Db): Promise<void> {
  await sql`truncate users, sessions, meetings, meeting_participants, transcript_segments, webhook_events, teams, team_members, team_invites, guest_links, guest_sessions, api_tokens, meeting_tracks, meeting_egress, stt_usage cascade`.execute(
    db,
  );
}
export { exactSearch } from './testing-search.ts';
export { endedMeetingAbout, meetingAbout, type MeetingAbout } from './testing-memory.ts';
