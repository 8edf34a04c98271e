/** Users, personal API tokens and teams as the API returns them. */
import { z } from 'zod';
import { REMINDER_CADENCES, STT_PROVIDERS, TEAM_ROLES } from '../enums.ts';

const iso = z.iso.datetime();

export const apiUserSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string(),
  createdAt: iso,
});
export type ApiUser = z.output<typeof apiUserSchema>;

/** A user's settings (`GET`/`PATCH /api/me`): the emails they get and their time zone. */
export const apiAccountSettingsSchema = z.object({
  followupEmail: z.boolean(),
  actionItemReminders: z.enum(REMINDER_CADENCES),
  /** IANA name; null: UTC. When reminders go out, how dates read in emails. */
  timeZone: z.string().nullable(),
  /** The hour (0–23) reminders come on one's clock; null: the server's (`defaultReminderHour`). */
  reminderHour: z.number().int().min(0).max(23).nullable(),
  /** The server's hour for those who chose none (ACTION_ITEM_REMINDER_HOUR). */
  defaultReminderHour: z.number().int().min(0).max(23),
  /** A brief by email before each meeting with a company or person met before. */
  meetingBriefs: z.boolean(),
  /** When the next reminder goes out; null when off or the server sends no email. */
  nextActionItemReminder: iso.nullable(),
});
export type ApiAccountSettings = z.output<typeof apiAccountSettingsSchema>;

/** A personal API token without its secret. */
export const apiTokenViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: iso,
  lastUsedAt: iso.nullable(),
  expiresAt: iso.nullable(),
  revokedAt: iso.nullable(),
});
export type ApiTokenView = z.output<typeof apiTokenViewSchema>;

export const apiTeamSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(TEAM_ROLES),
  createdAt: iso,
  /** Speech-to-text provider of the team's meetings; null: the server default. */
  sttProvider: z.enum(STT_PROVIDERS).nullable(),
});
export type ApiTeam = z.output<typeof apiTeamSchema>;

export const apiTeamMemberSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: z.enum(TEAM_ROLES),
  joinedAt: iso,
});
export type ApiTeamMember = z.output<typeof apiTeamMemberSchema>;

/** Audio a team's meetings sent to speech-to-text providers (owners and admins: the cost). */
/** A team's meetings over time (`GET /api/teams/:id/insights`): weeks on the caller's clock. */
export const apiTeamInsightsSchema = z.object({
  /** The caller's time zone the weeks are counted in (IANA name). */
  timeZone: z.string(),
  /** Oldest first; every week of the window, empty ones included. */
  weeks: z.array(
    z.object({
      /** The week's Monday, YYYY-MM-DD. */
      week: z.string(),
      /** Meetings held (ended) that started that week, and their length in minutes. */
      meetings: z.number().int(),
      minutes: z.number(),
      itemsCreated: z.number().int(),
      itemsDone: z.number().int(),
    }),
  ),
  /** The team's members, who spoke most first. */
  people: z.array(
    z.object({
      userId: z.uuid(),
      name: z.string(),
      meetings: z.number().int(),
      talkMinutes: z.number(),
      /** Their share of all speech in the window's meetings (guests included), 0–1. */
      talkShare: z.number(),
      openItems: z.number().int(),
      overdueItems: z.number().int(),
      doneItems: z.number().int(),
    }),
  ),
});
export type ApiTeamInsights = z.output<typeof apiTeamInsightsSchema>;

export const apiSttUsageSchema = z.object({
  /** The window, in days back from now (meetings created in it). */
  days: z.number().int(),
  totals: z.array(
    z.object({
      provider: z.string(),
      audioSeconds: z.number(),
      meetings: z.number().int(),
    }),
  ),
  /** The most recent meetings' rows, newest first. */
  meetings: z.array(
    z.object({
      meetingId: z.uuid(),
      title: z.string(),
      startedAt: iso.nullable(),
      provider: z.string(),
      audioSeconds: z.number(),
    }),
  ),
});
export type ApiSttUsage = z.output<typeof apiSttUsageSchema>;
