export { createHighlightSchema } from './schemas.ts';
export { highlightsFor, markHighlight, removeHighlight } from './service.ts';
