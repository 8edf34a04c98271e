/**
 * Prompt templates and meeting-type checklists. Checklists are versioned JSON files under
 * `prompts/templates/<type>/checklist.json`; beside each sit the question-suggestion prompt
 * (`questions.json`, whose answer follows a schema in `prompts/schemas/`) and the structured-data
 * fields to extract later (`extraction.json`). `loadPromptLibrary()` validates them all.
 */
export {
  checklistFileSchema,
  checklistItemSchema,
  checklistPath,
  loadChecklist,
  parseChecklist,
  readChecklistFile,
  type Checklist,
  type ChecklistItem,
} from './checklists.ts';
export {
  EXTRACTION_FIELD_TYPES,
  PROMPT_VARIABLES,
  PromptTemplateError,
  extractionFields,
  extractionFileSchema,
  lineAt,
  loadPromptLibrary,
  parseJsonFile,
  parseQuestionTemplate,
  questionTemplate,
  questionTemplateFileSchema,
  readPromptLibrary,
  renderQuestionPrompt,
  type ExtractionFields,
  type PromptLibrary,
  type PromptValues,
  type PromptVariable,
  type QuestionTemplate,
  type QuestionTemplateFile,
  type RenderedPrompt,
} from './templates.ts';
export {
  POSTMEETING_PROMPTS,
  postmeetingPrompt,
  postmeetingPromptSchema,
  renderPostmeetingPrompt,
  type PostmeetingPrompt,
  type PostmeetingPromptName,
} from './postmeeting.ts';
