import { createSmtpMailer, type MailMessage } from '@parley/services/mail';
import { config } from '../config.ts';
import { ApiError, validationError } from '../http/errors.ts';
import { enforce, rule } from '../rate-limit/index.ts';

// Email the web app sends while a person waits (invites, reset links): through SMTP_URL, one
// connection per message, with bounded timeouts so a dead server fails within seconds.

/** How long one SMTP step may take; a dead server fails within ≈ 3× this. */
const SMTP_TIMEOUT_MS = 5_000;

/** Whether this server sends email (SMTP_URL is set). */
export function mailAvailable(): boolean {
  return config().smtp !== null;
}

/** A 503 for a feature that needs email on a server without SMTP_URL. */
export function mailNotConfigured(): ApiError {
  return new ApiError(503, 'mail_not_configured', 'Email is not set up on this server.');
}

/**
 * Sends one message now. Resolves with the recipients the server refused while accepting
 * others (lowercase); throws what the transport threw (`classifySendError` tells why).
 */
export async function sendMailNow(m: MailMessage): Promise<{ rejected: string[] }> {
  const smtp = config().smtp;
  if (!smtp) throw mailNotConfigured();
  const mailer = createSmtpMailer({
    smtpUrl: smtp.url,
    from: smtp.from,
    timeoutMs: SMTP_TIMEOUT_MS,
  });
  try {
    const r = await mailer.send(m);
    return { rejected: (r.rejected ?? []).map((e) => e.toLowerCase()) };
  } finally {
    mailer.close();
  }
}

/** The answer for a send that failed: a 502 (not reached) unless the addresses were refused. */
export function mailUnavailable(): ApiError {
  return new ApiError(
    502,
    'mail_unavailable',
    'The mail server could not be reached. Try again later.',
  );
}

/**
 * Charges `recipients` emailed invites to the user (RATE_LIMIT_INVITE_EMAIL counts recipients,
 * not requests; refused while Redis is down, so email to arbitrary addresses never becomes
 * unlimited). 503 without SMTP; more than the whole limit at once is a 422 naming `field`.
 */
export async function chargeInviteEmails(
  userId: string,
  recipients: number,
  field: string,
): Promise<void> {
  if (!mailAvailable()) throw mailNotConfigured();
  const limit = config().rateLimits.inviteEmail;
  if (recipients > limit.limit) {
    throw validationError({
      [field]: `At most ${limit.limit} recipients per ${limit.windowSeconds / 60} minutes: choose some.`,
    });
  }
  await enforce([rule(`invite-email:${userId}`, limit, recipients)], 'closed');
}
