export {
  systemClock,
  type Clock,
  type FinalSegment,
  type CoverageEvidence,
  type ItemCoverage,
  type MemoryCite,
  type OpenQuestion,
  type PastContext,
  type Suggestion,
  type SuggestionContext,
  type SuggestionDraft,
  type SuggestionEngine,
  type Turn,
} from './types.ts';
export { contentTokens, isQuestion, jaccard, stem, stemTokens, textSimilarity } from './text.ts';
export {
  ChecklistCoverage,
  compileChecklist,
  defaultCoverageOptions,
  matchItems,
  type CompiledChecklist,
  type CoverageChange,
  type CoverageOptions,
} from './coverage.ts';
export { DEFAULT_SIMILARITY, askedScore, dedupeDrafts, matchAskedSuggestion } from './dedupe.ts';
export {
  TemplateSuggestionEngine,
  defaultTemplateEngineOptions,
  itemQuestion,
  limitDrafts,
  type TemplateEngineOptions,
} from './template.ts';
export {
  PAST_TAG_NOTE,
  buildQuestionPrompt,
  citeFromReason,
  defaultPromptLimits,
  pastContextLines,
  type PromptLimits,
} from './prompt.ts';
export { llmOutputSchema, parseLlmOutput, type LlmOutput } from './output.ts';
export { LlmSuggestionEngine, defaultLlmEngineOptions, type LlmEngineOptions } from './llm.ts';
export {
  FallbackSuggestionEngine,
  type FallbackEngineEvents,
  type FallbackReason,
} from './fallback.ts';
export {
  createSuggestionEngine,
  type SuggestionEngineConfig,
  type SuggestionProviderName,
} from './factory.ts';
export {
  ManualClock,
  SuggestionScheduler,
  defaultSchedulerOptions,
  schedulerOptionsFor,
  type SchedulerOptions,
  type SuggestionRunKind,
} from './scheduler.ts';
export {
  SuggestionBook,
  defaultSuggestionBookOptions,
  type SuggestionBookOptions,
} from './book.ts';
export { checklistMessage, suggestionsMessage } from './messages.ts';
export { SuggestionSession, type SuggestionSessionOptions } from './session.ts';
export { memoryFollowUps } from './memory.ts';
