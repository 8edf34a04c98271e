import { sql } from 'kysely';
import type { Db } from '../client.ts';

// A team's meetings over time, from what is stored: meetings held and their length per week,
// action items made and done per week, and per member the meetings they were in, how long they
// spoke (their transcript lines) and their action items. Weeks start on Monday in `timeZone`.

export interface InsightsQuery {
  teamId: string;
  /** The first day counted (a Monday, 00:00 in `timeZone`). */
  since: Date;
  timeZone: string;
  /** YYYY-MM-DD in `timeZone`: items due before it are overdue. */
  today: string;
}

export interface InsightsWeek {
  /** The week's Monday, YYYY-MM-DD. */
  week: string;
  meetings: number;
  minutes: number;
  itemsCreated: number;
  itemsDone: number;
}

export interface InsightsPerson {
  userId: string;
  name: string;
  meetings: number;
  talkMs: number;
  openItems: number;
  overdueItems: number;
  /** Items done in the period. */
  doneItems: number;
}

export interface TeamInsights {
  weeks: InsightsWeek[];
  people: InsightsPerson[];
  /** Everyone's speech in the period (guests included): members' shares are of this. */
  talkMs: number;
}

const weekOf = (column: string, tz: string) =>
  sql<string>`to_char(date_trunc('week', ${sql.ref(column)} at time zone ${tz}), 'YYYY-MM-DD')`;

export async function teamInsights(db: Db, q: InsightsQuery): Promise<TeamInsights> {
  const teamMeetings = db
    .selectFrom('meetings as m')
    .where('m.team_id', '=', q.teamId)
    .where('m.status', '=', 'ended')
    .where('m.started_at', '>=', q.since);
  const items = db
    .selectFrom('action_items as ai')
    .innerJoin('meetings as m', 'm.id', 'ai.meeting_id')
    .where('m.team_id', '=', q.teamId)
    .where('ai.review', '!=', 'rejected');
  const [held, made, done, talk, owned, members] = await Promise.all([
    teamMeetings
      .select(weekOf('m.started_at', q.timeZone).as('week'))
      .select(sql<number>`count(*)::int`.as('meetings'))
      .select(
        sql<number>`coalesce(sum(extract(epoch from (m.ended_at - m.started_at))) / 60, 0)::float`.as(
          'minutes',
        ),
      )
      .groupBy('week')
      .execute(),
    items
      .where('ai.created_at', '>=', q.since)
      .select(weekOf('ai.created_at', q.timeZone).as('week'))
      .select(sql<number>`count(*)::int`.as('n'))
      .groupBy('week')
      .execute(),
    items
      .where('ai.done_at', '>=', q.since)
      .select(weekOf('ai.done_at', q.timeZone).as('week'))
      .select(sql<number>`count(*)::int`.as('n'))
      .groupBy('week')
      .execute(),
    db
      .selectFrom('transcript_segments as s')
      .innerJoin(teamMeetings.select('m.id').as('tm'), 'tm.id', 's.meeting_id')
      .select('s.speaker_identity')
      .select(sql<number>`sum(greatest(s.end_ms - s.start_ms, 0))::float`.as('ms'))
      .groupBy('s.speaker_identity')
      .execute(),
    // Everyone's items in one pass over the team's items, counted per assignee.
    items
      .where('ai.owner_identity', 'is not', null)
      .select('ai.owner_identity')
      .select(sql<number>`(count(*) filter (where ai.status = 'open'))::int`.as('open'))
      .select(
        sql<number>`(count(*) filter (where ai.status = 'open' and ai.due_date < ${q.today}))::int`.as(
          'overdue',
        ),
      )
      .select(sql<number>`(count(*) filter (where ai.done_at >= ${q.since}))::int`.as('done'))
      .groupBy('ai.owner_identity')
      .execute(),
    db
      .selectFrom('team_members as tmb')
      .innerJoin('users as u', 'u.id', 'tmb.user_id')
      .where('tmb.team_id', '=', q.teamId)
      .select(['u.id', 'u.name'])
      .select((eb) => [
        eb
          .selectFrom('meeting_participants as p')
          .innerJoin(teamMeetings.select('m.id').as('tm'), 'tm.id', 'p.meeting_id')
          .whereRef('p.user_id', '=', 'u.id')
          .select(sql<number>`count(distinct p.meeting_id)::int`.as('n'))
          .as('meetings'),
      ])
      .execute(),
  ]);
  const talkBy = new Map(talk.map((t) => [t.speaker_identity, t.ms]));
  const ownedBy = new Map(owned.map((o) => [o.owner_identity, o]));
  const weeks = new Map<string, InsightsWeek>();
  const week = (w: string) => {
    let x = weeks.get(w);
    if (!x) {
      x = { week: w, meetings: 0, minutes: 0, itemsCreated: 0, itemsDone: 0 };
      weeks.set(w, x);
    }
    return x;
  };
  for (const r of held) Object.assign(week(r.week), { meetings: r.meetings, minutes: r.minutes });
  for (const r of made) week(r.week).itemsCreated = r.n;
  for (const r of done) week(r.week).itemsDone = r.n;
  return {
    weeks: [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week)),
    people: members
      .map((m) => ({
        userId: m.id,
        name: m.name,
        meetings: m.meetings ?? 0,
        talkMs: talkBy.get(m.id) ?? 0,
        openItems: ownedBy.get(m.id)?.open ?? 0,
        overdueItems: ownedBy.get(m.id)?.overdue ?? 0,
        doneItems: ownedBy.get(m.id)?.done ?? 0,
      }))
      .sort((a, b) => b.talkMs - a.talkMs || a.name.localeCompare(b.name)),
    talkMs: talk.reduce((a, t) => a + t.ms, 0),
  };
}
