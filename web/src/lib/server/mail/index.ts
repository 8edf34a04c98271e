export {
  chargeInviteEmails,
  mailAvailable,
  mailNotConfigured,
  mailUnavailable,
  sendFailure,
  sendMailNow,
} from './send.ts';
