import type { Migration } from 'kysely/migration';
import * as m0001 from './2026_11_22_0001_initial.ts';
import * as m0002 from './2026_11_22_0002_teams_guests_tokens.ts';
import * as m0010 from './2026_11_22_0010_transcription_settings.ts';
import * as m0012 from './2026_11_22_0012_suggestions.ts';
import * as m0020 from './2026_11_22_0020_recordings.ts';
import * as m0030 from './2026_11_22_0030_postmeeting_search.ts';
import * as m0040 from './2026_11_22_0040_chat_messages.ts';
import * as m1204_0001 from './2026_12_04_0001_agent_attendance_name.ts';
import * as m1204_0100 from './2026_12_04_0100_search_time_index.ts';
import * as m1205_0100 from './2026_12_05_0100_subjects.ts';
import * as m1205_0110 from './2026_12_05_0110_action_item_edits.ts';
import * as m1205_0301 from './2026_12_05_0301_outgoing_webhooks.ts';
import * as m1205_0302 from './2026_12_05_0302_calendar.ts';
import * as m1205_0401 from './2026_12_05_0401_streaming_stt_providers.ts';
import * as m1205_0402 from './2026_12_05_0402_stt_usage.ts';
import * as m1205_0500 from './2026_12_05_0500_coverage_evidence.ts';
import * as m1205_0510 from './2026_12_05_0510_followup_email.ts';
import * as m1205_0520 from './2026_12_05_0520_transcript_corrections.ts';
import * as m1205_0600 from './2026_12_05_0600_meeting_imports.ts';
import * as m1205_0700 from './2026_12_05_0700_meeting_invitees.ts';
import * as m1206_0100 from './2026_12_06_0100_imported_recordings.ts';
import * as m1207_0100 from './2026_12_07_0100_password_resets.ts';
import * as m1207_0200 from './2026_12_07_0200_action_items_owner.ts';
import * as m1207_0300 from './2026_12_07_0300_summary_edits.ts';
import * as m1207_0400 from './2026_12_07_0400_meeting_shares.ts';
import * as m1207_0500 from './2026_12_07_0500_meeting_highlights.ts';
import * as m1207_0600 from './2026_12_07_0600_action_item_reminders.ts';
import * as m1207_0700 from './2026_12_07_0700_user_time_zone.ts';
import * as m1207_0800 from './2026_12_07_0800_meeting_briefs.ts';
import * as m1207_0810 from './2026_12_07_0810_scheduled_meetings_index.ts';
import * as m1207_0900 from './2026_12_07_0900_share_passwords.ts';
import * as m1207_1000 from './2026_12_07_1000_followup_rounds.ts';
import * as m1208_0100 from './2026_12_08_0100_reminder_hour.ts';

/**
 * Every migration, by date-prefixed name, in the order they run. Listed explicitly (not read
 * from the folder) so bundlers and the type checker see them. A new migration takes a name
 * after every existing one: Kysely refuses a database that ran a later migration than one it
 * has not (an out-of-order name), so a release never applies migrations in an order no test ran.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_22_0001_initial': m0001,
  '2026_11_22_0002_teams_guests_tokens': m0002,
  '2026_11_22_0010_transcription_settings': m0010,
  '2026_11_22_0012_suggestions': m0012,
  '2026_11_22_0020_recordings': m0020,
  '2026_11_22_0030_postmeeting_search': m0030,
  '2026_11_22_0040_chat_messages': m0040,
  '2026_12_04_0001_agent_attendance_name': m1204_0001,
  '2026_12_04_0100_search_time_index': m1204_0100,
  '2026_12_05_0100_subjects': m1205_0100,
  '2026_12_05_0110_action_item_edits': m1205_0110,
  '2026_12_05_0301_outgoing_webhooks': m1205_0301,
  '2026_12_05_0302_calendar': m1205_0302,
  '2026_12_05_0401_streaming_stt_providers': m1205_0401,
  '2026_12_05_0402_stt_usage': m1205_0402,
  '2026_12_05_0500_coverage_evidence': m1205_0500,
  '2026_12_05_0510_followup_email': m1205_0510,
  '2026_12_05_0520_transcript_corrections': m1205_0520,
  '2026_12_05_0600_meeting_imports': m1205_0600,
  '2026_12_05_0700_meeting_invitees': m1205_0700,
  '2026_12_06_0100_imported_recordings': m1206_0100,
  '2026_12_07_0100_password_resets': m1207_0100,
  '2026_12_07_0200_action_items_owner': m1207_0200,
  '2026_12_07_0300_summary_edits': m1207_0300,
  '2026_12_07_0400_meeting_shares': m1207_0400,
  '2026_12_07_0500_meeting_highlights': m1207_0500,
  '2026_12_07_0600_action_item_reminders': m1207_0600,
  '2026_12_07_0700_user_time_zone': m1207_0700,
  '2026_12_07_0800_meeting_briefs': m1207_0800,
  '2026_12_07_0810_scheduled_meetings_index': m1207_0810,
  '2026_12_07_0900_share_passwords': m1207_0900,
  '2026_12_07_1000_followup_rounds': m1207_1000,
  '2026_12_08_0100_reminder_hour': m1208_0100,
};
