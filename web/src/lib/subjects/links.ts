/** The meeting page at the moment a line came from (`?t=` ms), or the meeting page. */
export function momentHref(s: { meetingId: string; startMs: number | null }): string {
  return `/meetings/${s.meetingId}${s.startMs === null ? '' : `?t=${s.startMs}`}`;
}
