import type ICAL from 'ical.js';

// What an event says beyond its time: who it invites (ORGANIZER and ATTENDEE mailto: addresses,
// lower-cased, at most MAX_INVITEES) and its own link (the URL property, else the first http(s)
// URL in LOCATION, else in DESCRIPTION). Anything that is not an http(s) URL is never a link.

export const MAX_INVITEES = 100;

export interface EventInvitee {
  email: string;
  organizer: boolean;
}

const EMAIL = /^[^\s@<>()[\]",;:\\]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+/i;

/** The address of a `mailto:` value, lower-cased, or null. */
function mailto(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^\s*mailto:(.+?)\s*$/i.exec(v);
  const email = m?.[1]?.toLowerCase() ?? '';
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}

export function eventInvitees(event: ICAL.Component): EventInvitee[] {
  const out = new Map<string, boolean>();
  const add = (v: unknown, organizer: boolean) => {
    const email = mailto(v);
    if (!email || (out.size >= MAX_INVITEES && !out.has(email))) return;
    out.set(email, (out.get(email) ?? false) || organizer);
  };
  for (const p of event.getAllProperties('organizer')) add(p.getFirstValue(), true);
  for (const p of event.getAllProperties('attendee')) add(p.getFirstValue(), false);
  return [...out].map(([email, organizer]) => ({ email, organizer }));
}

/** The URL when it is an absolute http(s) URL of at most 2,048 characters, else null. */
export function safeHttpUrl(v: string): string | null {
  let u: URL;
  try {
    u = new URL(v.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.href.length <= 2048 ? u.href : null;
}

function urlInText(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = URL_IN_TEXT.exec(v);
  // Prose around a link often ends it with punctuation or a closing bracket.
  return m ? safeHttpUrl(m[0].replace(/[.,;:!?)\]}>]+$/, '')) : null;
}

export function eventLink(event: ICAL.Component): string | null {
  const url = event.getFirstPropertyValue('url');
  return (
    (typeof url === 'string' ? safeHttpUrl(url) : null) ??
    urlInText(event.getFirstPropertyValue('location')) ??
    urlInText(event.getFirstPropertyValue('description'))
  );
}
