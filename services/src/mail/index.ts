export { mailConfigFrom, mailEnvSchema, mailSecretEnvSchema, type MailConfig } from './env.ts';
export {
  MAIL_LISTS,
  signItemDoneToken,
  signUnsubscribeToken,
  unsubscribeFor,
  verifyItemDoneToken,
  verifyUnsubscribeToken,
  type MailList,
} from './token.ts';
export {
  FOLLOWUP_QUEUE,
  createFollowupQueue,
  followupJobId,
  followupJobOptions,
  requestFollowup,
  type FollowupJobData,
  type FollowupQueue,
} from './queue.ts';
export {
  classifySendError,
  createSmtpMailer,
  type MailMessage,
  type Mailer,
  type SendFailure,
  type SmtpMailerOptions,
} from './transport.ts';
export { escapeHtml, renderFollowupEmail, type FollowupContent } from './message.ts';
export { renderBriefEmail, type BriefEmailContent } from './brief.ts';
export { renderReminderEmail, type ReminderContent, type ReminderItem } from './reminder.ts';
export { nextReminderAt, reminderPeriod, type ReminderPeriod } from './reminder-schedule.ts';
