export { meetingInvite, escapeText, foldLine } from './invite.ts';
export { emailInvite, invitationFor } from './invitation.ts';
export { InvalidCalendarError, parseCalendar, type CalendarItem } from './parse.ts';
export {
  MAX_ICS_BYTES,
  importCalendar,
  listSubscriptions,
  pollSubscription,
  startCalendarPoller,
  subscribe,
  syncSubscription,
  unsubscribe,
  type SubscriptionView,
} from './service.ts';
