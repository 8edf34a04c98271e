import {
  findSubjectLastSummary,
  listSubjectMeetings,
  listSubjectMetrics,
  listSubjectNeverCovered,
  listSubjectOpenActionItems,
  type Db,
  type SubjectReadOptions,
} from '@parley/db';
import { buildMetricSeries, formatMetric, metricTrend, type MetricSeries } from './metrics.ts';

// What Parley remembers about a subject (its page) and the brief drawn from it before and at the
// start of a meeting. Everything comes from per-meeting results (summary, extracted data, action
// items, checklist coverage) through indexed reads by subject; transcripts are never scanned.

/** Where a line came from: a meeting, and the moment in it when known. */
export interface MemorySource {
  meetingId: string;
  meetingTitle: string;
  /** ISO time of the meeting. */
  at: string;
  startMs: number | null;
}

/** The meeting page at the moment (`?t=` ms), or the meeting page. */
export function sourceHref(s: Pick<MemorySource, 'meetingId' | 'startMs'>): string {
  return `/meetings/${s.meetingId}${s.startMs === null ? '' : `?t=${s.startMs}`}`;
}

export interface MemoryActionItem {
  id: string;
  text: string;
  owner: string | null;
  ownerIdentity: string | null;
  dueDate: string | null;
  review: 'pending' | 'accepted' | 'rejected';
  source: MemorySource;
}

export interface MemoryUncovered {
  itemId: string;
  title: string;
  priority: string;
  /** Meetings whose checklist had it. */
  meetings: number;
  source: MemorySource;
}

export interface SubjectMemory {
  meetings: {
    id: string;
    title: string;
    type: string;
    status: string;
    at: string;
    endedAt: string | null;
    overview: string | null;
  }[];
  metrics: MetricSeries[];
  openActionItems: MemoryActionItem[];
  neverCovered: MemoryUncovered[];
  lastSummary: {
    overview: string;
    points: {
      kind: 'key_point' | 'decision' | 'open_question';
      text: string;
      startMs: number | null;
    }[];
    source: MemorySource;
  } | null;
}

/** A subject's memory (ended meetings; `excludeMeetingId` leaves out the one a brief is for). */
export async function loadSubjectMemory(
  db: Db,
  subjectId: string,
  opts: SubjectReadOptions = {},
): Promise<SubjectMemory> {
  const [meetings, metrics, items, never, summary] = await Promise.all([
    listSubjectMeetings(db, subjectId, opts),
    listSubjectMetrics(db, subjectId, opts),
    listSubjectOpenActionItems(db, subjectId, opts),
    listSubjectNeverCovered(db, subjectId, opts),
    findSubjectLastSummary(db, subjectId, opts),
  ]);
  const titles = new Map(meetings.map((m) => [m.id, { title: m.title, at: m.at.toISOString() }]));
  const src = (meetingId: string, startMs: number | null): MemorySource => ({
    meetingId,
    meetingTitle: titles.get(meetingId)?.title ?? '',
    at: titles.get(meetingId)?.at ?? '',
    startMs,
  });
  return {
    meetings: meetings.map((m) => ({
      id: m.id,
      title: m.title,
      type: m.type,
      status: m.status,
      at: m.at.toISOString(),
      endedAt: m.ended_at?.toISOString() ?? null,
      overview: m.overview,
    })),
    metrics: buildMetricSeries(
      metrics.map((r) => ({
        meetingId: r.meeting_id,
        meetingTitle: r.meeting_title,
        meetingAt: r.meeting_at,
        fieldId: r.field_id,
        label: r.label,
        type: r.type,
        value: r.value,
        unit: r.unit,
        startMs: r.start_ms,
      })),
    ),
    openActionItems: items.map((i) => ({
      id: i.id,
      text: i.text,
      owner: i.owner_name,
      ownerIdentity: i.owner_identity,
      dueDate: i.due_date,
      review: i.review,
      source: {
        meetingId: i.meeting_id,
        meetingTitle: i.meeting_title,
        at: i.meeting_at.toISOString(),
        startMs: i.start_ms,
      },
    })),
    neverCovered: never.map((n) => ({
      itemId: n.item_id,
      title: n.title,
      priority: n.priority,
      meetings: n.meetings,
      source: src(n.last_meeting_id, null),
    })),
    lastSummary: summary
      ? {
          overview: summary.overview,
          points: [
            ...summary.key_points.map((p) => ({
              kind: 'key_point' as const,
              text: p.text,
              startMs: p.startMs,
            })),
            ...summary.decisions.map((p) => ({
              kind: 'decision' as const,
              text: p.text,
              startMs: p.startMs,
            })),
            ...summary.open_questions.map((p) => ({
              kind: 'open_question' as const,
              text: p.text,
              startMs: p.startMs,
            })),
          ],
          source: {
            meetingId: summary.meeting_id,
            meetingTitle: summary.meeting_title,
            at: summary.meeting_at.toISOString(),
            startMs: null,
          },
        }
      : null,
  };
}

/** One line of a brief, linking to the moment it came from. */
export interface BriefLine {
  text: string;
  href: string;
  source: MemorySource;
}

export interface BriefMetric extends BriefLine {
  label: string;
  /** The latest comparable value, formatted. */
  latest: string;
  /** Comparable values oldest first (a sparkline), each linking to its moment. */
  points: { at: string; value: number; text: string; href: string }[];
  /** Change since the previous comparable value (fraction), when there is one. */
  change: number | null;
  /** Some values were left out of the comparison (another unit). */
  flagged: boolean;
}

/** What happened last time with this subject, for the next meeting. */
export interface Brief {
  subject: { id: string; name: string };
  /** Ended meetings with the subject before this one. */
  pastMeetings: number;
  last: { meetingId: string; title: string; at: string; href: string } | null;
  summary: BriefLine[];
  metrics: BriefMetric[];
  actionItems: (BriefLine & { owner: string | null; dueDate: string | null })[];
  neverCovered: BriefLine[];
}

const dateFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const MAX = { summary: 5, actionItems: 8, neverCovered: 6 };

/** The brief for a meeting about `subject`, from the subject's other ended meetings. */
export async function buildBrief(
  db: Db,
  subject: { id: string; name: string },
  meetingId: string,
): Promise<Brief> {
  const memory = await loadSubjectMemory(db, subject.id, { excludeMeetingId: meetingId });
  return briefFromMemory(subject, memory);
}

/** The brief's lines from a loaded memory (pure). */
export function briefFromMemory(
  subject: { id: string; name: string },
  memory: SubjectMemory,
): Brief {
  const ended = memory.meetings.filter((m) => m.status === 'ended');
  const lastMeeting = ended[0];
  const line = (text: string, source: MemorySource): BriefLine => ({
    text,
    href: sourceHref(source),
    source,
  });
  const s = memory.lastSummary;
  const summary = s
    ? [
        line(s.overview, s.source),
        ...s.points.map((p) => line(p.text, { ...s.source, startMs: p.startMs })),
      ]
        .filter((l) => l.text.trim() !== '')
        .slice(0, MAX.summary)
    : [];
  const metrics = memory.metrics.flatMap((series): BriefMetric[] => {
    const comparable = series.points.filter((p) => p.value !== null);
    const latest = comparable.at(-1);
    if (!series.numeric || !latest || latest.value === null) return [];
    const trend = metricTrend(series);
    const latestText = formatMetric(latest.value, series.unit);
    const text = trend
      ? `${series.label}: ${latestText} on ${dateFmt.format(new Date(latest.at))} (was ${formatMetric(trend.from.value ?? 0, series.unit)} on ${dateFmt.format(new Date(trend.from.at))})`
      : `${series.label}: ${latestText} on ${dateFmt.format(new Date(latest.at))}`;
    return [
      {
        ...line(text, latest),
        label: series.label,
        latest: latestText,
        points: comparable.map((p) => ({
          at: p.at,
          value: p.value ?? 0,
          text: formatMetric(p.value ?? 0, series.unit),
          href: sourceHref(p),
        })),
        change: trend?.change ?? null,
        flagged: comparable.length < series.points.length,
      },
    ];
  });
  return {
    subject,
    pastMeetings: ended.length,
    last: lastMeeting
      ? {
          meetingId: lastMeeting.id,
          title: lastMeeting.title,
          at: lastMeeting.at,
          href: sourceHref({ meetingId: lastMeeting.id, startMs: null }),
        }
      : null,
    summary,
    metrics,
    actionItems: memory.openActionItems.slice(0, MAX.actionItems).map((i) => ({
      ...line(i.text, i.source),
      owner: i.owner,
      dueDate: i.dueDate,
    })),
    neverCovered: memory.neverCovered
      .slice(0, MAX.neverCovered)
      .map((n) =>
        line(
          `${n.title} (never covered in ${n.meetings} meeting${n.meetings === 1 ? '' : 's'})`,
          n.source,
        ),
      ),
  };
}
