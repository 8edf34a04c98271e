import type { SttProvider } from '@parley/protocol';
import type { Db } from '../client.ts';
import type { Meeting } from '../schema.ts';

export interface TranscriptionContext {
  meeting: Meeting;
  /** The team's STT provider choice, if the meeting belongs to a team that made one. */
  teamSttProvider: SttProvider | null;
}

/** What the agent needs to transcribe a room: its meeting and the team's settings. */
export async function findTranscriptionContext(
  db: Db,
  roomName: string,
): Promise<TranscriptionContext | undefined> {
  const meeting = await db
    .selectFrom('meetings')
    .selectAll()
    .where('room_name', '=', roomName)
    .executeTakeFirst();
  if (!meeting) return undefined;
  return { meeting, teamSttProvider: await findTeamSttProvider(db, meeting.team_id) };
}

/** A team's STT provider choice (null: no team, or the team made none). */
export async function findTeamSttProvider(
  db: Db,
  teamId: string | null,
): Promise<SttProvider | null> {
  if (!teamId) return null;
  const team = await db
    .selectFrom('teams')
    .select('stt_provider')
    .where('id', '=', teamId)
    .executeTakeFirst();
  return team?.stt_provider ?? null;
}

/** Terms the recogniser should know for a meeting: its vocabulary, subject and checklist. */
export function meetingVocabulary(meeting: Meeting): string[] {
  const terms = new Set<string>();
  for (const v of meeting.vocabulary) if (v.trim()) terms.add(v.trim());
  if (meeting.subject?.trim()) terms.add(meeting.subject.trim());
  for (const item of meeting.checklist) {
    if (item.title.trim()) terms.add(item.title.trim());
  }
  return [...terms].slice(0, 200);
}
