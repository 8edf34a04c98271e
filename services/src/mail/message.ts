// The follow-up email's text and HTML (content from the meeting; everything escaped).

export interface FollowupContent {
  recipientName: string;
  meetingTitle: string;
  /** The meeting's date, already formatted. */
  date: string;
  overview: string | null;
  keyPoints: string[];
  actionItems: { text: string; owner: string | null; due: string | null }[];
  /** Moments people marked: the time as written (mm:ss), who, the note, its link. */
  highlights: { at: string; author: string; note: string | null; url: string }[];
  meetingUrl: string;
  unsubscribeUrl: string;
  /** A host sent it again (after correcting the summary): it replaces the earlier email. */
  updated?: boolean;
}

/** `1 item`, `3 items`. */
export const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** An HTML link, its address and label escaped. */
export const htmlLink = (href: string, label: string) =>
  `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;

/** Text for an HTML email body (`&`, `<`, `>` and quotes as character references). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function itemLine(i: FollowupContent['actionItems'][number]): string {
  const who = i.owner
    ? ` (${i.owner}${i.due ? `, by ${i.due}` : ''})`
    : i.due
      ? ` (by ${i.due})`
      : '';
  return `${i.text}${who}`;
}

export function renderFollowupEmail(c: FollowupContent): {
  subject: string;
  text: string;
  html: string;
} {
  const subject = `${c.updated ? 'Updated follow-up' : 'Follow-up'}: ${c.meetingTitle}`.slice(
    0,
    200,
  );
  const intro = c.updated
    ? `Here is the updated summary of "${c.meetingTitle}" (${c.date}); it replaces the earlier email.`
    : `Here is what came out of "${c.meetingTitle}" (${c.date}).`;
  const items = c.actionItems.map(itemLine);
  const marked = (h: FollowupContent['highlights'][number]) =>
    `${h.author}${h.note ? `: ${h.note}` : ''}`;
  const marks = c.highlights.map((h) => `${h.at} ${marked(h)}`);
  const text = [
    `Hi ${c.recipientName},`,
    '',
    intro,
    '',
    ...(c.overview ? ['Summary', c.overview, ''] : ['No summary was made for this meeting.', '']),
    ...(c.keyPoints.length > 0 ? ['Key points', ...c.keyPoints.map((p) => `- ${p}`), ''] : []),
    'Action items',
    ...(items.length > 0 ? items.map((l) => `- ${l}`) : ['- none']),
    '',
    ...(marks.length > 0 ? ['Highlights', ...marks.map((l) => `- ${l}`), ''] : []),
    `Open the meeting: ${c.meetingUrl}`,
    '',
    `Stop these emails: ${c.unsubscribeUrl}`,
  ].join('\n');
  const list = (xs: string[]) => `<ul>${xs.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`;
  const html = [
    `<p>Hi ${escapeHtml(c.recipientName)},</p>`,
    c.updated
      ? `<p>Here is the updated summary of <strong>${escapeHtml(c.meetingTitle)}</strong> (${escapeHtml(c.date)}); it replaces the earlier email.</p>`
      : `<p>Here is what came out of <strong>${escapeHtml(c.meetingTitle)}</strong> (${escapeHtml(c.date)}).</p>`,
    c.overview ? `<h2>Summary</h2><p>${escapeHtml(c.overview)}</p>` : '<p>No summary was made.</p>',
    c.keyPoints.length > 0 ? `<h3>Key points</h3>${list(c.keyPoints)}` : '',
    `<h2>Action items</h2>${items.length > 0 ? list(items) : '<p>None.</p>'}`,
    marks.length > 0
      ? `<h3>Highlights</h3><ul>${c.highlights
          .map(
            (h) =>
              `<li><a href="${escapeHtml(h.url)}">${escapeHtml(h.at)}</a> ${escapeHtml(marked(h))}</li>`,
          )
          .join('')}</ul>`
      : '',
    `<p><a href="${escapeHtml(c.meetingUrl)}">Open the meeting</a></p>`,
    `<p style="font-size:small;color:#666"><a href="${escapeHtml(c.unsubscribeUrl)}">Stop these emails</a></p>`,
  ].join('\n');
  return { subject, text, html };
}
