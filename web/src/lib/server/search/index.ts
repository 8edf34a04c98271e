export { askFor, sanitizeCitations, type AskResult } from './ask.ts';
export {
  editSummaryFor,
  postmeetingMarkdown,
  postmeetingView,
  revertSummaryFor,
  type ApiPostmeeting,
} from './postmeeting.ts';
export {
  askSchema,
  editSummarySchema,
  searchFiltersSchema,
  searchQuerySchema,
  type AskInput,
  type SearchQuery,
} from './schemas.ts';
export { momentUrl, searchFor, type ApiSearchHit, type SearchResult } from './search.ts';
export { askModel, enqueuePostmeeting, postmeetingQueue, semanticIndex } from './services.ts';
export { momentFor, parseMoment, type MomentView } from './moment.ts';
