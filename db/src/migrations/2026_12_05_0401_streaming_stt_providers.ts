import { sql, type Kysely } from 'kysely';

// Teams may choose the streaming STT providers (deepgram, openai-realtime) too.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table teams drop constraint if exists teams_stt_provider_check`.execute(db);
  await sql`alter table teams add constraint teams_stt_provider_check
    check (stt_provider in ('local','openai','deepgram','openai-realtime'))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`update teams set stt_provider = null
    where stt_provider in ('deepgram','openai-realtime')`.execute(db);
  await sql`alter table teams drop constraint if exists teams_stt_provider_check`.execute(db);
  await sql`alter table teams add constraint teams_stt_provider_check
    check (stt_provider in ('local','openai'))`.execute(db);
}
