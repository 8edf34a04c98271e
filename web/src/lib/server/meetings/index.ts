export {
  checklistItemInputSchema,
  createMeetingSchema,
  isUuid,
  languageSchema,
  parseVocabularyText,
  vocabularySchema,
  VOCABULARY_MAX_LENGTH,
  VOCABULARY_MAX_TERMS,
  listMeetingsQuerySchema,
  moderationSchema,
  tokenRequestSchema,
  updateMeetingSchema,
  type CreateMeetingInput,
  type ListMeetingsQuery,
  type UpdateMeetingInput,
} from './schemas.ts';
export { toApiAttendance, toApiMeeting } from './serialize.ts';
export { followupStatusFor, type FollowupStatus } from './followup-status.ts';
export { resendFollowupFor } from './followup-resend.ts';
export {
  attendanceFor,
  createMeetingFor,
  defaultChecklist,
  deleteMeetingEverywhere,
  endMeeting,
  enforceRoomAccess,
  listMeetingsFor,
  normaliseChecklist,
  revokeGuestLinkEverywhere,
  roomContext,
  type RoomContext,
  updateMeetingFor,
} from './service.ts';
