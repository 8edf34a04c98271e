export { mailConfigFrom, mailEnvSchema, mailSecretEnvSchema, type MailConfig } from './env.ts';
export { signUnsubscribeToken, verifyUnsubscribeToken } from './token.ts';
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
