export { sendDueBriefs, type BriefDeps, type BriefPass } from './briefs.ts';
export { sendDueReminders, type ReminderDeps, type ReminderPass } from './send.ts';
export {
  defaultReminderSweep,
  startReminderSweep,
  type ReminderSweepOptions,
  type SweepDeps,
  type SweepPass,
} from './sweep.ts';
