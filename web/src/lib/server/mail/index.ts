export {
  chargeInviteEmails,
  mailAvailable,
  mailNotConfigured,
  mailUnavailable,
  sendMailNow,
} from './send.ts';
