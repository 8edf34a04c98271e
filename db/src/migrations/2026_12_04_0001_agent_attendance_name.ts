import { sql, type Kysely } from 'kysely';

// Attendance rows of the AI participant were stored under its raw LiveKit identity
// (`agent-AJ_…`); they get the name the room shows for it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update meeting_participants set name = 'Parley AI'
            where identity like 'agent-%' and name = identity`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(_db: Kysely<any>): Promise<void> {
  // Names are not restored: the raw identity was never meant to be shown.
}
