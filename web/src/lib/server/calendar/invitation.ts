import { findUserById, listMeetingInvitees, type Db, type Meeting } from '@parley/db';
import {
  MAX_INVITE_RECIPIENTS,
  type ApiInviteEmailResult,
  type ApiMeetingInvitation,
  type InviteEmailRequest,
} from '@parley/protocol';
import { classifySendError, escapeHtml } from '@parley/services/mail';
import type { UserPrincipal } from '../auth/principal.ts';
import { validationError } from '../http/errors.ts';
import { chargeInviteEmails, mailUnavailable, sendMailNow } from '../mail/index.ts';
import { log } from '../ops/log.ts';
import { meetingInvite } from './invite.ts';

// A meeting's invitation: who its calendar event invited (members by name, others by address)
// and the event's link; and emailing the invite (METHOD:REQUEST) to a list of addresses.

export async function invitationFor(db: Db, meeting: Meeting): Promise<ApiMeetingInvitation> {
  return { eventUrl: meeting.event_url, invitees: await listMeetingInvitees(db, meeting.id) };
}

function inviteText(title: string, when: Date, joinUrl: string, from: string) {
  const date = `${when.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return {
    subject: `Invitation: ${title}`.slice(0, 200),
    text: [
      `${from} invites you to "${title}" (${date}).`,
      '',
      `Join the meeting: ${joinUrl}`,
      '',
      'The invite is attached (invite.ics) to add it to your calendar.',
    ].join('\n'),
    html: [
      `<p>${escapeHtml(from)} invites you to <strong>${escapeHtml(title)}</strong> (${escapeHtml(date)}).</p>`,
      `<p><a href="${escapeHtml(joinUrl)}">Join the meeting</a>: ${escapeHtml(joinUrl)}</p>`,
      '<p>The invite is attached (invite.ics) to add it to your calendar.</p>',
    ].join('\n'),
  };
}

/**
 * Emails the meeting's invite to `input.to` (default: its invitees) in one message, with a
 * `text/calendar; method=REQUEST` part and an `invite.ics` attachment. Sent at once with bounded
 * timeouts (the caller waits for the answer): a mail server that is down is a 502 with a plain
 * message, addresses it refuses are returned as `rejected`, all refused is a 422 naming `to`.
 */
export async function emailInvite(
  db: Db,
  principal: UserPrincipal,
  meeting: Meeting,
  input: InviteEmailRequest,
  origin: string,
): Promise<ApiInviteEmailResult> {
  const listed = input.to ?? (await listMeetingInvitees(db, meeting.id)).map((i) => i.email);
  const to = [...new Set(listed.map((e) => e.trim().toLowerCase()))];
  if (to.length === 0) {
    throw validationError({ to: 'Add at least one address (the meeting has no invitees).' });
  }
  if (to.length > MAX_INVITE_RECIPIENTS) {
    throw validationError({ to: `At most ${MAX_INVITE_RECIPIENTS} recipients: choose some.` });
  }
  await chargeInviteEmails(principal.user.id, to.length, 'to');
  const me = await findUserById(db, principal.user.id);
  const joinUrl = `${origin}/meetings/${meeting.id}/room`;
  const ics = meetingInvite(meeting, joinUrl, new URL(origin).hostname, {
    method: 'REQUEST',
    ...(me ? { organizer: { email: me.email, name: me.name } } : {}),
    attendees: to,
  });
  const start = meeting.scheduled_at ?? meeting.started_at ?? meeting.created_at;
  try {
    const { rejected } = await sendMailNow({
      to,
      ...inviteText(meeting.title, start, joinUrl, me?.name ?? 'Parley'),
      icalEvent: { method: 'REQUEST', content: ics },
      attachments: [{ filename: 'invite.ics', content: ics, contentType: 'application/ics' }],
    });
    log.info(
      { meetingId: meeting.id, userId: principal.user.id, sent: to.length - rejected.length },
      'invite emailed',
    );
    return { sent: to.filter((e) => !rejected.includes(e)), rejected };
  } catch (err) {
    const f = classifySendError(err);
    log.warn({ meetingId: meeting.id, code: f.code }, 'invite email failed');
    if (f.permanent) throw validationError({ to: 'The mail server refused these addresses.' });
    throw mailUnavailable();
  }
}
