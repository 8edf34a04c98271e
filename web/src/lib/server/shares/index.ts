export { createShareSchema } from './schemas.ts';
export {
  SHARE_HEADERS,
  createShareFor,
  listSharesFor,
  revokeShareFor,
  sharedMeetingView,
  sharedRecordingUrl,
  sharedTranscriptMeeting,
} from './service.ts';
