export { createShareSchema } from './schemas.ts';
export {
  SHARE_HEADERS,
  createShareFor,
  listSharesFor,
  revokeShareFor,
  sharedMeetingView,
  sharedRecordingUrl,
} from './service.ts';
export { chargeShareVisit } from './visits.ts';
