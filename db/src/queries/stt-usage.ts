import { sql } from 'kysely';
import type { Db } from '../client.ts';

/** Adds audio a meeting sent to a provider (called with what was sent since the last call). */
export async function addSttUsage(
  db: Db,
  meetingId: string,
  provider: string,
  audioMs: number,
): Promise<void> {
  const ms = Math.round(audioMs);
  if (ms <= 0) return;
  await db
    .insertInto('stt_usage')
    .values({ meeting_id: meetingId, provider, audio_ms: ms })
    .onConflict((oc) =>
      oc.columns(['meeting_id', 'provider']).doUpdateSet({
        audio_ms: sql`stt_usage.audio_ms + excluded.audio_ms`,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export interface SttUsageTotal {
  provider: string;
  audioSeconds: number;
  meetings: number;
}

export interface SttUsageMeeting {
  meetingId: string;
  title: string;
  startedAt: Date | null;
  provider: string;
  audioSeconds: number;
}

export interface TeamSttUsage {
  /** Per provider over the team's meetings since `since`. */
  totals: SttUsageTotal[];
  /** The most recent meetings' rows (newest first). */
  meetings: SttUsageMeeting[];
}

/** Audio the team's meetings sent to each provider, since a time (by meeting creation). */
export async function teamSttUsage(
  db: Db,
  teamId: string,
  options: { since?: Date; limit?: number } = {},
): Promise<TeamSttUsage> {
  let q = db
    .selectFrom('stt_usage as u')
    .innerJoin('meetings as m', 'm.id', 'u.meeting_id')
    .where('m.team_id', '=', teamId);
  if (options.since) q = q.where('m.created_at', '>=', options.since);
  const totals = await q
    .select(({ fn }) => [
      'u.provider',
      fn.sum<string>('u.audio_ms').as('audio_ms'),
      fn.count<string>('u.meeting_id').as('meetings'),
    ])
    .groupBy('u.provider')
    .orderBy('u.provider')
    .execute();
  const rows = await q
    .select(['u.meeting_id', 'm.title', 'm.started_at', 'u.provider', 'u.audio_ms'])
    .orderBy('m.created_at', 'desc')
    .orderBy('u.provider')
    .limit(options.limit ?? 100)
    .execute();
  return {
    totals: totals.map((t) => ({
      provider: t.provider,
      audioSeconds: Number(t.audio_ms) / 1000,
      meetings: Number(t.meetings),
    })),
    meetings: rows.map((r) => ({
      meetingId: r.meeting_id,
      title: r.title,
      startedAt: r.started_at,
      provider: r.provider,
      audioSeconds: Number(r.audio_ms) / 1000,
    })),
  };
}
