export {
  apiActionItemSchema,
  apiSubjectSchema,
  briefSchema,
  createActionItemSchema,
  createSubjectSchema,
  listActionItemsQuerySchema,
  listSubjectsQuerySchema,
  subjectMemorySchema,
  mergeSubjectSchema,
  updateActionItemSchema,
  updateSubjectSchema,
  ACTION_ITEM_ASSIGNEES,
  type ApiSubject,
  type ListActionItemsQuery,
} from './schemas.ts';
export { listActionItemsFor } from './action-item-list.ts';
export { itemOfDoneLink, markDoneByLink, type DoneLinkItem } from './done-link.ts';
export {
  briefFor,
  createActionItemFor,
  createSubjectFor,
  listSubjectsFor,
  mergeSubjectFor,
  subjectView,
  toApiActionItem,
  toApiSubject,
  updateActionItemFor,
  updateSubjectFor,
  type SubjectView,
} from './service.ts';
