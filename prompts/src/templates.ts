import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MEETING_TYPES,
  MEETING_TYPE_LABELS,
  isMeetingType,
  type MeetingType,
} from '@parley/protocol';
import { z } from 'zod';
import suggestionsV1 from '../schemas/suggestions.v1.json' with { type: 'json' };
import generalChecklist from '../templates/general/checklist.json' with { type: 'json' };
import generalExtraction from '../templates/general/extraction.json' with { type: 'json' };
import generalQuestions from '../templates/general/questions.json' with { type: 'json' };
import investmentChecklist from '../templates/investment_screening/checklist.json' with { type: 'json' };
import investmentExtraction from '../templates/investment_screening/extraction.json' with { type: 'json' };
import investmentQuestions from '../templates/investment_screening/questions.json' with { type: 'json' };
import mentoringChecklist from '../templates/mentoring/checklist.json' with { type: 'json' };
import mentoringExtraction from '../templates/mentoring/extraction.json' with { type: 'json' };
import mentoringQuestions from '../templates/mentoring/questions.json' with { type: 'json' };
import productChecklist from '../templates/product_review/checklist.json' with { type: 'json' };
import productExtraction from '../templates/product_review/extraction.json' with { type: 'json' };
import productQuestions from '../templates/product_review/questions.json' with { type: 'json' };
import salesChecklist from '../templates/sales/checklist.json' with { type: 'json' };
import salesExtraction from '../templates/sales/extraction.json' with { type: 'json' };
import salesQuestions from '../templates/sales/questions.json' with { type: 'json' };
import { checklistFileSchema, type Checklist } from './checklists.ts';

/** The variables a question prompt may use, as `{{name}}`. */
export const PROMPT_VARIABLES = [
  'meeting_type',
  'meeting_type_label',
  'subject',
  'focus',
  'checklist',
  'recent_turns',
  'past_context',
  'already_suggested',
  'output_schema',
  'max_questions',
] as const;
export type PromptVariable = (typeof PROMPT_VARIABLES)[number];

/** Values for a render; `meeting_type_label`, `focus` and `output_schema` come from the template. */
export type PromptValues = Omit<
  Record<PromptVariable, string>,
  'meeting_type_label' | 'focus' | 'output_schema'
>;

const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'version must be semver (x.y.z)');
const changelog = z
  .array(z.object({ version: semver, date: z.string().min(1), changes: z.string().min(1) }))
  .min(1);

/** `prompts/templates/<type>/questions.json`: the question-suggestion prompt of a meeting type. */
export const questionTemplateFileSchema = z.object({
  version: semver,
  changelog,
  /** Name of a schema under `prompts/schemas/` (without `.json`). */
  outputSchema: z.string().regex(/^[a-z0-9_.-]+$/),
  /** What to focus on in this type of meeting (rendered as `{{focus}}`). */
  focus: z.array(z.string().min(1)).min(1),
  /** System prompt, one entry per line. */
  system: z.array(z.string()).min(1),
  /** Question-generation prompt, one entry per line. */
  user: z.array(z.string()).min(1),
});
export type QuestionTemplateFile = z.output<typeof questionTemplateFileSchema>;

export const EXTRACTION_FIELD_TYPES = [
  'money',
  'number',
  'percent',
  'duration',
  'date',
  'text',
  'list',
] as const;

/** `prompts/templates/<type>/extraction.json`: structured data to pull out of a meeting (later). */
export const extractionFileSchema = z.object({
  version: semver,
  changelog,
  fields: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9_]{1,64}$/),
        label: z.string().min(1).max(200),
        type: z.enum(EXTRACTION_FIELD_TYPES),
        unit: z.string().min(1).max(50).optional(),
      }),
    )
    .min(1)
    .refine((f) => new Set(f.map((x) => x.id)).size === f.length, 'field ids must be unique'),
});
export type ExtractionFields = z.output<typeof extractionFileSchema>;

/** A validated question prompt, ready to render. */
export interface QuestionTemplate {
  /** The meeting type it belongs to. */
  type: MeetingType;
  version: string;
  /** `<type>/questions@<version>`, stored with every suggestion it produced. */
  templateVersion: string;
  file: QuestionTemplateFile;
  /** The JSON schema of the expected answer. */
  outputSchema: Record<string, unknown>;
}

/** Everything under `prompts/`, validated. */
export interface PromptLibrary {
  questions: Record<MeetingType, QuestionTemplate>;
  checklists: Record<MeetingType, Checklist>;
  extraction: Record<MeetingType, ExtractionFields>;
  schemas: Record<string, Record<string, unknown>>;
}

/** A template problem, naming the file and (when known) the line. */
export class PromptTemplateError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  constructor(file: string, line: number | undefined, problem: string) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
    this.name = 'PromptTemplateError';
    this.file = file;
    this.line = line;
  }
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** JSON.parse that reports the file and line of a syntax error. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /at position (\d+)/.exec(msg);
    const line = pos?.[1] !== undefined ? lineAt(text, Number(pos[1])) : lineAt(text, text.length);
    throw new PromptTemplateError(file, line, `invalid JSON: ${msg}`);
  }
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** Problems with the placeholders of a template's lines: unknown names and stray braces. */
function placeholderProblems(lines: string[]): { index: number; token: string; problem: string }[] {
  const known = new Set<string>(PROMPT_VARIABLES);
  const out: { index: number; token: string; problem: string }[] = [];
  lines.forEach((l, index) => {
    for (const m of l.matchAll(PLACEHOLDER)) {
      const name = m[1] ?? '';
      if (!known.has(name)) out.push({ index, token: m[0], problem: `unknown variable ${m[0]}` });
    }
    const rest = l.replace(PLACEHOLDER, '');
    const stray = /\{\{|\}\}/.exec(rest);
    if (stray)
      out.push({ index, token: stray[0], problem: `malformed placeholder near "${stray[0]}"` });
  });
  return out;
}

function zodProblem(file: string, error: z.ZodError): PromptTemplateError {
  const problems = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return new PromptTemplateError(file, undefined, `invalid file: ${problems.join('; ')}`);
}

/**
 * Validates one question template. `raw` (the file text) lets errors give the file line; without
 * it they name the template line (`user line 3`).
 */
export function parseQuestionTemplate(
  data: unknown,
  file: string,
  type: MeetingType,
  schemas: Record<string, Record<string, unknown>>,
  raw?: string,
): QuestionTemplate {
  const r = questionTemplateFileSchema.safeParse(data);
  if (!r.success) throw zodProblem(file, r.error);
  const f = r.data;
  for (const part of ['system', 'user'] as const) {
    const p = placeholderProblems(f[part])[0];
    if (!p) continue;
    let line: number | undefined;
    if (raw !== undefined) {
      // The JSON-encoded line text is in the file verbatim; find it, then the token within it.
      const encoded = JSON.stringify(f[part][p.index]);
      const at = raw.indexOf(encoded);
      if (at >= 0) line = lineAt(raw, at);
    }
    throw new PromptTemplateError(file, line, `${p.problem} in ${part} line ${p.index + 1}`);
  }
  const schema = schemas[f.outputSchema];
  if (!schema) {
    throw new PromptTemplateError(
      file,
      raw === undefined ? undefined : lineAt(raw, raw.indexOf('"outputSchema"')),
      `missing output schema "${f.outputSchema}" (no prompts/schemas/${f.outputSchema}.json)`,
    );
  }
  return {
    type,
    version: f.version,
    templateVersion: `${type}/questions@${f.version}`,
    file: f,
    outputSchema: schema,
  };
}

function parseSchema(data: unknown, file: string): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new PromptTemplateError(file, 1, 'a JSON schema must be an object');
  }
  const s = data as Record<string, unknown>;
  if (s.type !== 'object' || typeof s.properties !== 'object') {
    throw new PromptTemplateError(
      file,
      undefined,
      'a JSON schema needs type "object" and properties',
    );
  }
  return s;
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const r = schema.safeParse(data);
  if (!r.success) throw zodProblem(file, r.error);
  return r.data;
}

interface RawFiles {
  schemas: Record<string, unknown>;
  questions: Record<MeetingType, unknown>;
  checklists: Record<MeetingType, unknown>;
  extraction: Record<MeetingType, unknown>;
}

function buildLibrary(
  files: RawFiles,
  pathOf: (type: MeetingType, name: string) => string,
  schemaPath: (name: string) => string,
  raw: (path: string) => string | undefined,
): PromptLibrary {
  const schemas: Record<string, Record<string, unknown>> = {};
  for (const [name, data] of Object.entries(files.schemas)) {
    schemas[name] = parseSchema(data, schemaPath(name));
  }
  const questions = {} as Record<MeetingType, QuestionTemplate>;
  const checklists = {} as Record<MeetingType, Checklist>;
  const extraction = {} as Record<MeetingType, ExtractionFields>;
  for (const t of MEETING_TYPES) {
    const q = pathOf(t, 'questions.json');
    questions[t] = parseQuestionTemplate(files.questions[t], q, t, schemas, raw(q));
    checklists[t] = parseWith(
      checklistFileSchema,
      files.checklists[t],
      pathOf(t, 'checklist.json'),
    );
    extraction[t] = parseWith(
      extractionFileSchema,
      files.extraction[t],
      pathOf(t, 'extraction.json'),
    );
  }
  return { questions, checklists, extraction, schemas };
}

/**
 * Reads and validates every template under `root` (a directory holding `templates/<type>/` and
 * `schemas/`), e.g. to check edited templates before a deploy. Errors name the file and line.
 */
export async function readPromptLibrary(root: string): Promise<PromptLibrary> {
  const texts = new Map<string, string>();
  const read = async (path: string): Promise<unknown> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new PromptTemplateError(path, undefined, `cannot read: ${(err as Error).message}`);
    }
    texts.set(path, text);
    return parseJsonFile(text, path);
  };
  const pathOf = (t: MeetingType, name: string) => join(root, 'templates', t, name);
  const schemaPath = (name: string) => join(root, 'schemas', `${name}.json`);
  const files: RawFiles = {
    schemas: {},
    questions: {},
    checklists: {},
    extraction: {},
  } as RawFiles;
  const wanted = new Set<string>();
  for (const t of MEETING_TYPES) {
    files.questions[t] = await read(pathOf(t, 'questions.json'));
    files.checklists[t] = await read(pathOf(t, 'checklist.json'));
    files.extraction[t] = await read(pathOf(t, 'extraction.json'));
    const ref = (files.questions[t] as { outputSchema?: unknown } | null)?.outputSchema;
    if (typeof ref === 'string' && /^[a-z0-9_.-]+$/.test(ref)) wanted.add(ref);
  }
  for (const name of wanted) {
    try {
      files.schemas[name] = await read(schemaPath(name));
    } catch (err) {
      // A missing schema file is reported against the template that names it (below).
      if (!(err instanceof PromptTemplateError) || !err.message.includes('cannot read')) throw err;
    }
  }
  return buildLibrary(files, pathOf, schemaPath, (p) => texts.get(p));
}

// Bundled with the code (static JSON imports) so a running process needs no template files on disk.
const BUNDLED: RawFiles = {
  schemas: { 'suggestions.v1': suggestionsV1 },
  questions: {
    investment_screening: investmentQuestions,
    mentoring: mentoringQuestions,
    sales: salesQuestions,
    product_review: productQuestions,
    general: generalQuestions,
  },
  checklists: {
    investment_screening: investmentChecklist,
    mentoring: mentoringChecklist,
    sales: salesChecklist,
    product_review: productChecklist,
    general: generalChecklist,
  },
  extraction: {
    investment_screening: investmentExtraction,
    mentoring: mentoringExtraction,
    sales: salesExtraction,
    product_review: productExtraction,
    general: generalExtraction,
  },
};

let bundled: PromptLibrary | undefined;

/**
 * The bundled templates, all validated on the first call (call it at process start so a broken
 * template stops the process with the file named). Throws a `PromptTemplateError`.
 */
export function loadPromptLibrary(): PromptLibrary {
  bundled ??= buildLibrary(
    BUNDLED,
    (t, name) => `prompts/templates/${t}/${name}`,
    (name) => `prompts/schemas/${name}.json`,
    () => undefined,
  );
  return bundled;
}

function meetingType(type: string): MeetingType {
  return isMeetingType(type) ? type : 'general';
}

/** The question prompt of a meeting type; unknown types get the general one. */
export function questionTemplate(type: string, library = loadPromptLibrary()): QuestionTemplate {
  return library.questions[meetingType(type)];
}

/** The extraction fields of a meeting type; unknown types get the general ones. */
export function extractionFields(type: string, library = loadPromptLibrary()): ExtractionFields {
  return library.extraction[meetingType(type)];
}

/** A rendered prompt. */
export interface RenderedPrompt {
  system: string;
  user: string;
  /** `<type>/questions@<version>`. */
  templateVersion: string;
}

/**
 * Fills a question template. Values are inserted in one pass, so text inside them (a transcript
 * that contains `{{x}}`) is never expanded.
 */
export function renderQuestionPrompt(t: QuestionTemplate, values: PromptValues): RenderedPrompt {
  const all: Record<PromptVariable, string> = {
    ...values,
    meeting_type_label: MEETING_TYPE_LABELS[t.type],
    focus: t.file.focus.map((f) => `- ${f}`).join('\n'),
    output_schema: JSON.stringify(t.outputSchema),
  };
  const fill = (lines: string[]) =>
    lines.join('\n').replace(PLACEHOLDER, (_, name: string) => all[name as PromptVariable] ?? '');
  return {
    system: fill(t.file.system),
    user: fill(t.file.user),
    templateVersion: t.templateVersion,
  };
}
