// Due dates as people say them, resolved against the meeting's day (UTC dates, YYYY-MM-DD).

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  'twenty first': 21,
  'twenty second': 22,
  'twenty third': 23,
  'twenty fourth': 24,
  'twenty fifth': 25,
  'twenty sixth': 26,
  'twenty seventh': 27,
  'twenty eighth': 28,
  'twenty ninth': 29,
  thirtieth: 30,
  'thirty first': 31,
};
const SMALL: Record<string, number> = {
  one: 1,
  a: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  fourteen: 14,
  thirty: 30,
};

const day = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
export const isoDate = (d: Date) => d.toISOString().slice(0, 10);

const DAY_OF_MONTH = `(\\d{1,2})(?:st|nd|rd|th)?|${Object.keys(ORDINALS)
  .sort((a, b) => b.length - a.length)
  .join('|')}`;
const MONTH = MONTHS.join('|');

/**
 * Finds a deadline phrase in `text` ("by Friday", "tomorrow", "end of the month", "by March 3rd",
 * "in two weeks", "next week") and resolves it against `meetingDate`. Null when none is said.
 */
export function findDueDate(
  text: string,
  meetingDate: Date,
): { date: string; phrase: string } | null {
  const t = text.toLowerCase();
  const base = day(meetingDate);
  const patterns: [RegExp, (m: RegExpExecArray) => Date | null][] = [
    [/\b(?:by |before |on |until )?(?:end of (?:the )?day|eod|today|tonight)\b/, () => base],
    [/\b(?:by |before |on )?tomorrow\b/, () => addDays(base, 1)],
    [
      /\b(?:by |before |at )?(?:the )?end of (?:the |this )?week\b/,
      () => {
        const d = (5 - base.getUTCDay() + 7) % 7;
        return addDays(base, d);
      },
    ],
    [
      /\b(?:by |before |at )?(?:the )?end of (?:the |this )?month\b/,
      () => new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() + 1, 0)),
    ],
    [
      new RegExp(`\\b(?:by |before |on |until )?next (${WEEKDAYS.join('|')})\\b`),
      (m) => {
        // That weekday in the next calendar week (weeks start on Monday).
        const target = WEEKDAYS.indexOf(m[1] ?? '');
        const nextMonday = addDays(base, (8 - base.getUTCDay()) % 7 || 7);
        return addDays(nextMonday, (target + 6) % 7);
      },
    ],
    [
      new RegExp(`\\b(?:by|before|on|until|this) (${WEEKDAYS.join('|')})\\b`),
      (m) => {
        const target = WEEKDAYS.indexOf(m[1] ?? '');
        return addDays(base, (target - base.getUTCDay() + 7) % 7 || 7);
      },
    ],
    [
      /\bin (\d+|one|a|two|three|four|five|six|seven|eight|nine|ten|fourteen|thirty) (day|days|week|weeks)\b/,
      (m) => {
        const n = /^\d+$/.test(m[1] ?? '') ? Number(m[1]) : (SMALL[m[1] ?? ''] ?? 1);
        return addDays(base, (m[2] ?? '').startsWith('week') ? n * 7 : n);
      },
    ],
    [/\b(?:by |before )?next week\b/, () => addDays(base, (1 - base.getUTCDay() + 7) % 7 || 7)],
    [
      new RegExp(`\\b(?:by |before |on |until )(?:the )?(${DAY_OF_MONTH}) of (${MONTH})\\b`),
      (m) => monthDay(base, m[3] ?? '', m[2] ?? m[1] ?? ''),
    ],
    [
      new RegExp(`\\b(?:by |before |on |until )(${MONTH}) (?:the )?(${DAY_OF_MONTH})\\b`),
      (m) => monthDay(base, m[1] ?? '', m[3] ?? m[2] ?? ''),
    ],
    [
      /\b(?:by|before|on|until) (\d{4})-(\d{2})-(\d{2})\b/,
      (m) => new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))),
    ],
  ];
  for (const [re, resolve] of patterns) {
    const m = re.exec(t);
    if (!m) continue;
    const d = resolve(m);
    if (d && !Number.isNaN(d.getTime())) return { date: isoDate(d), phrase: m[0].trim() };
  }
  return null;
}

function monthDay(base: Date, monthName: string, dayText: string): Date | null {
  const month = MONTHS.indexOf(monthName);
  const dom = /^\d+$/.test(dayText) ? Number(dayText) : ORDINALS[dayText];
  if (month < 0 || !dom || dom > 31) return null;
  let d = new Date(Date.UTC(base.getUTCFullYear(), month, dom));
  // A date already past this year means next year's.
  if (d.getTime() < base.getTime()) d = new Date(Date.UTC(base.getUTCFullYear() + 1, month, dom));
  return d;
}
