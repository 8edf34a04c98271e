export { runPostmeeting, type PipelineOutcome, type StepTimings } from './pipeline.ts';
export { POSTMEETING_STEPS, type PipelineDeps, type PostmeetingStep } from './steps/types.ts';
export { loadTranscript } from './steps/finalise.ts';
export {
  defaultPostmeetingWorkerOptions,
  failureCode,
  startPostmeetingWorker,
  type PostmeetingWorkerOptions,
} from './worker.ts';
export { extractiveSummary, centrality, defaultExtractiveOptions } from './summary.ts';
export { ruleActionItems } from './action-items.ts';
export { ruleExtraction } from './extraction.ts';
export { findDueDate } from './dates.ts';
export { parseNumberAt, numberTokens } from './numbers.ts';
export {
  llmActionItems,
  llmExtraction,
  llmSummary,
  renderTranscript,
  summaryAnswerSchema,
  actionItemsAnswerSchema,
  extractionAnswerSchema,
} from './llm-steps.ts';
export * from './types.ts';
export { postmeetingConfigFromEnv, type PostmeetingConfig } from './config.ts';
export { startPostmeetingService, type PostmeetingService } from './service.ts';
export {
  sendDueBriefs,
  sendDueReminders,
  type BriefDeps,
  type BriefPass,
  type ReminderDeps,
  type ReminderPass,
} from '../reminders/index.ts';
