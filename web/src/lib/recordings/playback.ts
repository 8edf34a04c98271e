// Follow-along playback: which transcript line the recording is at, the listening speed and
// whether the transcript follows the player, kept per browser.

/** Speeds offered beside the player. */
export const PLAYBACK_RATES = [0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** localStorage key of the listener's choices (one per browser, every meeting). */
export const PLAYBACK_KEY = 'parley.playback.v1';

export interface PlaybackPrefs {
  /** One of PLAYBACK_RATES. */
  rate: number;
  /** The transcript keeps the line being heard in view. */
  follow: boolean;
}

export const defaultPlaybackPrefs: PlaybackPrefs = { rate: 1, follow: true };

/** The saved choices; anything unreadable or out of range falls back to the defaults. */
export function readPlaybackPrefs(storage: Pick<Storage, 'getItem'> | undefined): PlaybackPrefs {
  let raw: unknown;
  try {
    raw = JSON.parse(storage?.getItem(PLAYBACK_KEY) ?? 'null');
  } catch {
    return { ...defaultPlaybackPrefs };
  }
  if (typeof raw !== 'object' || raw === null) return { ...defaultPlaybackPrefs };
  const r = raw as Record<string, unknown>;
  return {
    rate: PLAYBACK_RATES.find((x) => x === r.rate) ?? defaultPlaybackPrefs.rate,
    follow: typeof r.follow === 'boolean' ? r.follow : defaultPlaybackPrefs.follow,
  };
}

/** Saves the choices; a browser that refuses storage (private mode, quota) keeps them for the page. */
export function writePlaybackPrefs(
  storage: Pick<Storage, 'setItem'> | undefined,
  prefs: PlaybackPrefs,
): void {
  try {
    storage?.setItem(PLAYBACK_KEY, JSON.stringify(prefs));
  } catch {
    // Kept in memory only.
  }
}

/** The moment of the meeting (ms) a recording that began `offsetMs` in is at, `seconds` into it. */
export function meetingMsAt(recording: { offsetMs: number }, seconds: number): number {
  return Math.round(recording.offsetMs + seconds * 1000);
}

/** A transcript line's span; without `endMs` it lasts until the next line starts. */
export interface TimedLine {
  startMs: number;
  endMs?: number | null;
}

/** Lines looked back at for one still being said under a later, shorter one (overlap). */
const OVERLAP_LOOKBACK = 8;

/**
 * The index of the line being said at `meetingMs` in lines ordered by start: of those that have
 * started, the latest one that still lasts (its end plus `graceMs`, so a short pause between two
 * sentences does not blink the mark away; a line without an end lasts until the next starts);
 * -1 before the first line and in longer silences.
 */
export function lineIndexAt(
  lines: readonly TimedLine[],
  meetingMs: number,
  graceMs = 1500,
): number {
  let lo = 0;
  let hi = lines.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((lines[mid]?.startMs ?? Infinity) <= meetingMs) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = found; i >= 0 && i > found - OVERLAP_LOOKBACK; i--) {
    const end = lines[i]?.endMs;
    if (end === undefined || end === null) return i === found ? i : -1;
    if (meetingMs <= end + graceMs) return i;
  }
  return -1;
}

/**
 * Scrolls `container` (a scrolling list) so that `item` shows in its upper third, unless it is
 * already in view; the page itself does not move.
 */
export function keepInView(container: HTMLElement, item: HTMLElement): void {
  const box = container.getBoundingClientRect();
  const at = item.getBoundingClientRect();
  if (at.top >= box.top && at.bottom <= box.bottom) return;
  container.scrollTop += at.top - box.top - box.height / 3;
}

/** Seconds J and L move the player. */
export const PLAYER_STEP_S = 10;

/**
 * What a key does to the player while the page is focused on nothing typed into: `toggle` (K)
 * plays or pauses, a number (J, L) moves that many seconds; null for any other key, and for
 * keys held with Ctrl, Alt or ⌘ (the browser's and the room's shortcuts).
 */
export function playerKey(e: {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}): 'toggle' | number | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  switch (e.key) {
    case 'k':
    case 'K':
      return 'toggle';
    case 'j':
    case 'J':
      return -PLAYER_STEP_S;
    case 'l':
    case 'L':
      return PLAYER_STEP_S;
    default:
      return null;
  }
}

/** True when a key pressed in `target` is typing (a field, a list box, editable text). */
export function isTyping(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
