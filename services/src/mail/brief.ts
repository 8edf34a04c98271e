// The meeting brief email's text and HTML: before a meeting with a subject, what happened last
// time with it (summary, key numbers, open action items, checklist points never covered), each
// line linking to the moment it came from (everything escaped).
import type { Brief } from '../subjects/memory.ts';
import { escapeHtml, htmlLink as link, plural } from './message.ts';

export interface BriefEmailContent {
  recipientName: string;
  meetingTitle: string;
  /** When the meeting starts, already formatted on the recipient's clock (with the zone). */
  when: string;
  meetingUrl: string;
  brief: Brief;
  /** The last meeting's date, already formatted. */
  lastDate: string;
  /** The web app's public origin: the brief's links are paths. */
  origin: string;
  settingsUrl: string;
  unsubscribeUrl: string;
}

interface Line {
  text: string;
  url: string;
}

const pct = (c: number) =>
  `${c > 0 ? 'up' : c < 0 ? 'down' : 'level'} ${Math.abs(Math.round(c * 100))}%`;

/** The brief's sections as titled lines with absolute links. */
function sections(c: BriefEmailContent): [string, Line[]][] {
  const at = (href: string) => `${c.origin}${href}`;
  const b = c.brief;
  return [
    ['Summary', b.summary.map((l) => ({ text: l.text, url: at(l.href) }))],
    [
      'Key numbers',
      b.metrics.map((m) => ({
        text: `${m.text}${m.change === null ? '' : ` (${pct(m.change)})`}`,
        url: at(m.href),
      })),
    ],
    [
      'Open action items',
      b.actionItems.map((a) => {
        const who = [a.owner, a.dueDate ? `due ${a.dueDate}` : null].filter(Boolean).join(', ');
        return { text: `${a.text}${who ? ` (${who})` : ''}`, url: at(a.href) };
      }),
    ],
    ['Never covered so far', b.neverCovered.map((l) => ({ text: l.text, url: at(l.href) }))],
  ];
}

export function renderBriefEmail(c: BriefEmailContent): {
  subject: string;
  text: string;
  html: string;
} {
  const b = c.brief;
  const subject = `Brief for ${c.meetingTitle} (${c.when}): last time with ${b.subject.name}`;
  const last = b.last;
  const recap = last
    ? `Last time with ${b.subject.name}: "${last.title}", ${c.lastDate} (${plural(b.pastMeetings, 'meeting')} so far).`
    : `First meeting with ${b.subject.name}: nothing to recall yet.`;
  const parts = sections(c).filter(([, lines]) => lines.length > 0);
  const footer = 'You get a brief before each of your meetings with a company or person.';
  const text = [
    `Hi ${c.recipientName},`,
    '',
    `"${c.meetingTitle}" starts ${c.when}: ${c.meetingUrl}`,
    '',
    recap,
    ...(last ? [`  ${c.origin}${last.href}`] : []),
    '',
    ...parts.flatMap(([title, lines]) => [
      title,
      ...lines.flatMap((l) => [`- ${l.text}`, `  ${l.url}`]),
      '',
    ]),
    `${footer} Change it: ${c.settingsUrl}`,
    `Stop these briefs: ${c.unsubscribeUrl}`,
  ].join('\n');
  const html = [
    `<p>Hi ${escapeHtml(c.recipientName)},</p>`,
    `<p>${link(c.meetingUrl, c.meetingTitle)} starts ${escapeHtml(c.when)}.</p>`,
    `<p>${last ? `${escapeHtml(`Last time with ${b.subject.name}: `)}${link(`${c.origin}${last.href}`, last.title)}${escapeHtml(`, ${c.lastDate} (${plural(b.pastMeetings, 'meeting')} so far).`)}` : escapeHtml(recap)}</p>`,
    ...parts.map(
      ([title, lines]) =>
        `<h2>${escapeHtml(title)}</h2><ul>${lines.map((l) => `<li>${link(l.url, l.text)}</li>`).join('')}</ul>`,
    ),
    `<p style="font-size:small;color:#666">${escapeHtml(footer)} ${link(c.settingsUrl, 'Change it')} · ${link(c.unsubscribeUrl, 'Stop these briefs')}</p>`,
  ].join('\n');
  return { subject: subject.slice(0, 200), text, html };
}
