import { teamInsights, userSettings, type Db } from '@parley/db';
import type { ApiTeamInsights } from '@parley/protocol';
import { addDays, instantAt, localTime, weekdayOf, zoneOrUtc } from '@parley/services/time';
import type { UserPrincipal } from '../auth/principal.ts';
import { authorizeTeam } from '../authz/index.ts';

/**
 * A team's last `weeks` weeks (this one included) on the caller's clock, for any member: meetings
 * held and their length, action items made and done, and per member their meetings, speech and
 * items. Everything here is already visible to a member meeting by meeting; this only adds up.
 */
export async function teamInsightsFor(
  db: Db,
  p: UserPrincipal,
  teamId: string,
  weeks: number,
  now: Date = new Date(),
): Promise<{ team: { id: string; name: string }; insights: ApiTeamInsights }> {
  const team = await authorizeTeam(db, p, teamId, 'read');
  return {
    team: { id: team.id, name: team.name },
    insights: await insightsOf(db, team.id, p, weeks, now),
  };
}

async function insightsOf(
  db: Db,
  teamId: string,
  p: UserPrincipal,
  weeks: number,
  now: Date,
): Promise<ApiTeamInsights> {
  const timeZone = zoneOrUtc((await userSettings(db, p.user.id))?.timeZone);
  const today = localTime(now.getTime(), timeZone).date;
  const thisMonday = addDays(today, -weekdayOf(today));
  const first = addDays(thisMonday, -7 * (weeks - 1));
  const data = await teamInsights(db, {
    teamId,
    since: instantAt(first, 0, timeZone),
    timeZone,
    today,
  });
  const byWeek = new Map(data.weeks.map((w) => [w.week, w]));
  const minutes = (ms: number) => Math.round(ms / 600) / 100;
  return {
    timeZone,
    weeks: Array.from({ length: weeks }, (_, i) => {
      const week = addDays(first, 7 * i);
      const w = byWeek.get(week);
      return {
        week,
        meetings: w?.meetings ?? 0,
        minutes: Math.round(w?.minutes ?? 0),
        itemsCreated: w?.itemsCreated ?? 0,
        itemsDone: w?.itemsDone ?? 0,
      };
    }),
    people: data.people.map((x) => ({
      userId: x.userId,
      name: x.name,
      meetings: x.meetings,
      talkMinutes: minutes(x.talkMs),
      talkShare: data.talkMs > 0 ? Math.round((x.talkMs / data.talkMs) * 1000) / 1000 : 0,
      openItems: x.openItems,
      overdueItems: x.overdueItems,
      doneItems: x.doneItems,
    })),
  };
}
