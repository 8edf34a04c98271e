export { createShareSchema, unlockShareSchema, updateShareSchema } from './schemas.ts';
export {
  SHARE_HEADERS,
  createShareFor,
  listSharesFor,
  revokeShareFor,
  updateShareFor,
  shareGrantCookieOptions,
  unlockShare,
  type CookieJar,
  sharedMeetingView,
  sharedRecordingUrl,
  sharedTranscriptMeeting,
} from './service.ts';
