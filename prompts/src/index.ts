/**
 * Prompt templates and meeting-type checklists. Checklists are versioned JSON files under
 * `prompts/templates/<type>/checklist.json`; prompt templates will sit beside them.
 */
export { MEETING_TYPE_LABELS, meetingTypeLabel, type MeetingTypeName } from './meeting-types.ts';
export {
  CHECKLIST_PRIORITIES,
  checklistFileSchema,
  checklistItemSchema,
  checklistPath,
  loadChecklist,
  parseChecklist,
  readChecklistFile,
  type Checklist,
  type ChecklistItem,
} from './checklists.ts';
