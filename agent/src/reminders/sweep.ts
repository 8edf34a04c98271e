import { expireBriefs, expireReminders, pruneBriefs, pruneReminders } from '@parley/db';
import { silentLogger } from '@parley/services/log';
import { sendDueBriefs, type BriefPass } from './briefs.ts';
import type { EmailPass } from './deliver.ts';
import { sendDueReminders, type ReminderDeps, type ReminderPass } from './send.ts';

export interface ReminderSweepOptions {
  /** How often to look (ms). */
  everyMs: number;
  /** Records of reminders and briefs older than this many days are forgotten. */
  keepDays: number;
}

export const defaultReminderSweep: ReminderSweepOptions = { everyMs: 5 * 60_000, keepDays: 90 };

export interface SweepDeps extends ReminderDeps {
  /** How long before a scheduled meeting its brief goes out (minutes; 0: never). */
  briefLeadMinutes: number;
}

export interface SweepPass {
  reminders: ReminderPass;
  briefs: BriefPass;
}

const busy = (p: EmailPass) => p.sent + p.bounced + p.deferred + p.failed > 0;

/**
 * Looks for due action-item reminders and meeting briefs every `everyMs` on every worker (the
 * claims keep it to one email per person and period, or meeting), gives up those still waiting
 * once their period is over or their meeting began, and forgets old records. `sweep` runs a pass
 * now (null while one is running).
 */
export function startReminderSweep(
  deps: SweepDeps,
  o: ReminderSweepOptions = defaultReminderSweep,
): { sweep: (now?: Date) => Promise<SweepPass | null>; close: () => Promise<void> } {
  const log = deps.log ?? silentLogger;
  let running: Promise<SweepPass> | null = null;
  const pass = async (now: Date): Promise<SweepPass> => {
    const reminders = await sendDueReminders(deps, now);
    const briefs = await sendDueBriefs({ ...deps, leadMinutes: deps.briefLeadMinutes }, now);
    const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    // A week and a day back, every zone's daily and weekly period is over.
    await expireReminders(deps.db, day(ago(8)));
    await pruneReminders(deps.db, day(ago(o.keepDays)));
    await expireBriefs(deps.db, now);
    await pruneBriefs(deps.db, ago(o.keepDays));
    if (busy(reminders)) log.info({ ...reminders }, 'reminder sweep');
    if (busy(briefs)) log.info({ ...briefs }, 'brief sweep');
    return { reminders, briefs };
  };
  const sweep = async (now = new Date()): Promise<SweepPass | null> => {
    if (running) return null;
    running = pass(now);
    try {
      return await running;
    } finally {
      running = null;
    }
  };
  const timer = setInterval(() => {
    sweep().catch((err: unknown) => {
      log.warn({ err: err instanceof Error ? err.name : 'unknown' }, 'reminder sweep failed');
    });
  }, o.everyMs);
  timer.unref();
  return {
    sweep,
    close: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
