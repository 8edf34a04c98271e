import { findUserById, type Db } from '@parley/db';
import { classifySendError, escapeHtml } from '@parley/services/mail';
import { sendMailNow } from '../mail/index.ts';
import { log } from '../ops/log.ts';

/** What happened to an emailed team invite (the link exists either way). */
export interface TeamInviteEmail {
  to: string;
  sent: boolean;
  /** `refused`: the mail server refused the address; `mail_unavailable`: it was not reached. */
  error?: 'refused' | 'mail_unavailable';
}

/**
 * Emails a team invite link to one address. A failed send is reported, not thrown: the link
 * was made, and the inviter can still copy it.
 */
export async function emailTeamInvite(
  db: Db,
  invite: {
    inviterId: string;
    team: { id: string; name: string };
    to: string;
    url: string;
    role: 'admin' | 'member';
    expiresAt: Date;
  },
): Promise<TeamInviteEmail> {
  const inviter = (await findUserById(db, invite.inviterId))?.name ?? 'Someone';
  const until = `${invite.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const lead = `${inviter} invites you to the team "${invite.team.name}" on Parley, as ${invite.role}.`;
  const rest = `The link works once, until ${until}. No account yet? Sign up from its page.`;
  try {
    const { rejected } = await sendMailNow({
      to: invite.to,
      subject: `Join ${invite.team.name} on Parley`.slice(0, 200),
      text: [lead, '', `Join: ${invite.url}`, '', rest].join('\n'),
      html: [
        `<p>${escapeHtml(lead)}</p>`,
        `<p><a href="${escapeHtml(invite.url)}">Join the team</a></p>`,
        `<p>${escapeHtml(rest)}</p>`,
      ].join('\n'),
    });
    if (rejected.length > 0) return { to: invite.to, sent: false, error: 'refused' };
    log.info({ teamId: invite.team.id, userId: invite.inviterId }, 'team invite emailed');
    return { to: invite.to, sent: true };
  } catch (err) {
    const f = classifySendError(err);
    log.warn({ teamId: invite.team.id, code: f.code }, 'team invite email failed');
    return { to: invite.to, sent: false, error: f.permanent ? 'refused' : 'mail_unavailable' };
  }
}
