import { z } from 'zod';
import type { EnvProblem } from '../env/parse.ts';

/** The key unsubscribe links are signed with: the sender and the web app (which checks them). */
export const mailSecretEnvSchema = z.object({
  MAIL_SECRET: z.string().min(32, 'MAIL_SECRET must be at least 32 characters').optional(),
});

/** The sender of the follow-up email (the post-meeting workers). */
export const mailEnvSchema = z.object({
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'SMTP_URL must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Parley <parley@localhost>'),
  ORIGIN: z.url({ error: 'ORIGIN must be a URL (the web app as people open it)' }).optional(),
  FOLLOWUP_EMAIL_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(12),
  FOLLOWUP_EMAIL_BACKOFF_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  ACTION_ITEM_REMINDER_HOUR: z.coerce
    .number()
    .int()
    .min(0, 'ACTION_ITEM_REMINDER_HOUR must be an hour of the day, 0–23 (UTC)')
    .max(23, 'ACTION_ITEM_REMINDER_HOUR must be an hour of the day, 0–23 (UTC)')
    .default(8),
  MEETING_BRIEF_LEAD_MINUTES: z.coerce
    .number()
    .int()
    .min(0, 'MEETING_BRIEF_LEAD_MINUTES must be 0 (no briefs) to 1440 minutes')
    .max(1440, 'MEETING_BRIEF_LEAD_MINUTES must be 0 (no briefs) to 1440 minutes')
    .default(60),
});

export interface MailConfig {
  smtpUrl: string;
  from: string;
  /** Where links in the email point (the web app's public origin, no trailing slash). */
  origin: string;
  secret: string;
  /** Tries per follow-up job (exponential backoff from `backoffMs`). */
  attempts: number;
  backoffMs: number;
  /** The hour (UTC) action-item reminders go out: weekdays (daily) or Mondays (weekly). */
  reminderHour: number;
  /** How long before a scheduled meeting its brief is emailed (minutes; 0: never). */
  briefLeadMinutes: number;
}

/** The mail settings, null when `SMTP_URL` is unset (no email is sent); problems name variables. */
export function mailConfigFrom(
  e: z.output<typeof mailEnvSchema> & z.output<typeof mailSecretEnvSchema>,
): { ok: true; config: MailConfig | null } | { ok: false; problems: EnvProblem[] } {
  if (!e.SMTP_URL) return { ok: true, config: null };
  const problems: EnvProblem[] = [];
  if (!e.MAIL_SECRET) problems.push({ name: 'MAIL_SECRET', message: 'required with SMTP_URL' });
  if (!e.ORIGIN) problems.push({ name: 'ORIGIN', message: 'required with SMTP_URL' });
  if (!e.MAIL_SECRET || !e.ORIGIN) return { ok: false, problems };
  return {
    ok: true,
    config: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      origin: e.ORIGIN.replace(/\/+$/, ''),
      secret: e.MAIL_SECRET,
      attempts: e.FOLLOWUP_EMAIL_ATTEMPTS,
      backoffMs: e.FOLLOWUP_EMAIL_BACKOFF_MS,
      reminderHour: e.ACTION_ITEM_REMINDER_HOUR,
      briefLeadMinutes: e.MEETING_BRIEF_LEAD_MINUTES,
    },
  };
}
