export {
  createMeetingSchema,
  isUuid,
  listMeetingsQuerySchema,
  type CreateMeetingInput,
} from './schemas.ts';
export { MEETING_TYPE_LABELS, toApiMeeting, type ApiMeeting } from './serialize.ts';
export { createMeetingFor, getMeetingFor, listMeetingsFor } from './service.ts';
