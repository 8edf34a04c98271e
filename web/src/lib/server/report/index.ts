export { coverageReport, outcomeOf, suggestionReport } from './build.ts';
export { coverageReportFor, suggestionReportFor } from './service.ts';
