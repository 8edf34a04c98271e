export { sendDueReminders, type ReminderDeps, type ReminderPass } from './send.ts';
export { defaultReminderSweep, startReminderSweep, type ReminderSweepOptions } from './sweep.ts';
