// The action-item reminder email's text and HTML: a person's open items that are overdue or due
// soon, each with its meeting and a link to the moment it was said (everything escaped).
import { escapeHtml, htmlLink as link, plural } from './message.ts';

export interface ReminderItem {
  text: string;
  meetingTitle: string;
  /** The meeting's date, already formatted. */
  meetingDate: string;
  /** YYYY-MM-DD. */
  due: string;
  overdue: boolean;
  /** The meeting page at the moment the item was said. */
  url: string;
  /** A signed link that marks the item done (after a confirmation). */
  doneUrl: string;
}

export interface ReminderContent {
  recipientName: string;
  cadence: 'daily' | 'weekly';
  /** The last day counted as "due soon", already formatted. */
  dueBy: string;
  items: ReminderItem[];
  /** Items due that the email leaves out (it lists at most a page). */
  more: number;
  /** The action items page, assigned to the recipient, open. */
  listUrl: string;
  settingsUrl: string;
  unsubscribeUrl: string;
}

export function renderReminderEmail(c: ReminderContent): {
  subject: string;
  text: string;
  html: string;
} {
  const overdue = c.items.filter((i) => i.overdue);
  const soon = c.items.filter((i) => !i.overdue);
  const counts = [
    overdue.length > 0 ? `${overdue.length} overdue` : '',
    soon.length > 0 ? `${soon.length} due by ${c.dueBy}` : '',
  ].filter(Boolean);
  const subject = `Your action items: ${counts.join(', ')}${c.more > 0 ? ` and ${c.more} more` : ''}`;
  const when = c.cadence === 'daily' ? 'every weekday' : 'every Monday';
  const sections: [string, ReminderItem[]][] = [
    ['Overdue', overdue],
    [`Due by ${c.dueBy}`, soon],
  ];
  const line = (i: ReminderItem) =>
    `${i.text} (due ${i.due}; from "${i.meetingTitle}", ${i.meetingDate})`;
  const moreLine =
    c.more > 0 ? `…and ${plural(c.more, 'more item')} on the Action items page.` : '';
  const text = [
    `Hi ${c.recipientName},`,
    '',
    `These action items assigned to you are open:`,
    '',
    ...sections.flatMap(([title, xs]) =>
      xs.length > 0
        ? [title, ...xs.flatMap((i) => [`- ${line(i)}`, `  ${i.url}`, `  Done? ${i.doneUrl}`]), '']
        : [],
    ),
    ...(moreLine ? [moreLine, ''] : []),
    `All your action items: ${c.listUrl}`,
    '',
    `You get this reminder ${when} when something of yours is due. Change how often: ${c.settingsUrl}`,
    `Stop these reminders: ${c.unsubscribeUrl}`,
  ].join('\n');
  const html = [
    `<p>Hi ${escapeHtml(c.recipientName)},</p>`,
    '<p>These action items assigned to you are open:</p>',
    ...sections.map(([title, xs]) =>
      xs.length > 0
        ? `<h2>${escapeHtml(title)}</h2><ul>${xs
            .map(
              (i) =>
                `<li>${link(i.url, i.text)} <small>(due ${escapeHtml(i.due)}; from “${escapeHtml(i.meetingTitle)}”, ${escapeHtml(i.meetingDate)}) · ${link(i.doneUrl, 'Mark done')}</small></li>`,
            )
            .join('')}</ul>`
        : '',
    ),
    moreLine ? `<p>${escapeHtml(moreLine)}</p>` : '',
    `<p>${link(c.listUrl, 'All your action items')}</p>`,
    `<p style="font-size:small;color:#666">You get this reminder ${when} when something of yours is due. ${link(c.settingsUrl, 'Change how often')} · ${link(c.unsubscribeUrl, 'Stop these reminders')}</p>`,
  ].join('\n');
  return { subject: subject.slice(0, 200), text, html };
}
