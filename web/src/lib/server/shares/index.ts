export { createShareSchema, unlockShareSchema } from './schemas.ts';
export {
  SHARE_HEADERS,
  createShareFor,
  listSharesFor,
  revokeShareFor,
  shareGrantCookieOptions,
  unlockShare,
  type CookieJar,
  sharedMeetingView,
  sharedRecordingUrl,
  sharedTranscriptMeeting,
} from './service.ts';
