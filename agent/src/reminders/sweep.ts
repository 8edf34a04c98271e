import { expireReminders, pruneReminders } from '@parley/db';
import { silentLogger } from '@parley/services/log';
import { sendDueReminders, type ReminderDeps, type ReminderPass } from './send.ts';

export interface ReminderSweepOptions {
  /** How often to look (ms). */
  everyMs: number;
  /** Reminder records older than this many days are forgotten. */
  keepDays: number;
}

export const defaultReminderSweep: ReminderSweepOptions = { everyMs: 5 * 60_000, keepDays: 90 };

/**
 * Looks for due action-item reminders every `everyMs` on every worker (the claims keep it to one
 * email per person and period), gives up those still waiting once their period is over, and
 * forgets old records. `sweep` runs a pass now (null while one
 * is running).
 */
export function startReminderSweep(
  deps: ReminderDeps,
  o: ReminderSweepOptions = defaultReminderSweep,
): { sweep: (now?: Date) => Promise<ReminderPass | null>; close: () => Promise<void> } {
  const log = deps.log ?? silentLogger;
  let running: Promise<ReminderPass> | null = null;
  const pass = async (now: Date): Promise<ReminderPass> => {
    const r = await sendDueReminders(deps, now);
    const daysAgo = (days: number) =>
      new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
    // A week and a day back, every zone's daily and weekly period is over.
    await expireReminders(deps.db, daysAgo(8));
    await pruneReminders(deps.db, daysAgo(o.keepDays));
    if (r.sent + r.bounced + r.deferred + r.failed > 0) log.info({ ...r }, 'reminder sweep');
    return r;
  };
  const sweep = async (now = new Date()): Promise<ReminderPass | null> => {
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
