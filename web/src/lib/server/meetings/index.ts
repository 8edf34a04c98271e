export {
  checklistItemInputSchema,
  createMeetingSchema,
  isUuid,
  listMeetingsQuerySchema,
  moderationSchema,
  tokenRequestSchema,
  updateMeetingSchema,
  type CreateMeetingInput,
  type ListMeetingsQuery,
  type UpdateMeetingInput,
} from './schemas.ts';
export {
  MEETING_TYPE_LABELS,
  apiAttendanceSchema,
  apiMeetingSchema,
  toApiAttendance,
  toApiMeeting,
  type ApiAttendance,
  type ApiMeeting,
} from './serialize.ts';
export {
  attendanceFor,
  createMeetingFor,
  defaultChecklist,
  deleteMeetingEverywhere,
  endMeeting,
  getMeetingFor,
  listMeetingsFor,
  normaliseChecklist,
  roomContext,
  type RoomContext,
  updateMeetingFor,
} from './service.ts';
