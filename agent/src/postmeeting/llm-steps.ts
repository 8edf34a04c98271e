import { extractionFields, postmeetingPrompt, renderPostmeetingPrompt } from '@parley/prompts';
import { z } from 'zod';
import type { JsonChatClient } from '@parley/services/llm';
import type {
  ActionItemResult,
  ExtractedField,
  Line,
  Point,
  SummaryResult,
  Transcript,
} from './types.ts';

// The LLM versions of the steps: validated JSON (zod); anything else throws `LlmError`
// ('invalid_output') and the pipeline falls back to the offline step with a warning.

/** Longest transcript text sent in one prompt (characters); the rest is cut with a warning. */
export const DEFAULT_PROMPT_CHARS = 60_000;

export function renderTranscript(
  lines: Line[],
  maxChars = DEFAULT_PROMPT_CHARS,
): { text: string; truncated: boolean } {
  const out: string[] = [];
  let size = 0;
  for (const l of lines) {
    const s = `[${l.n}] ${l.speakerName}: ${l.text.replace(/\s+/g, ' ').trim()}`;
    if (size + s.length + 1 > maxChars) return { text: out.join('\n'), truncated: true };
    out.push(s);
    size += s.length + 1;
  }
  return { text: out.join('\n'), truncated: false };
}

const cited = z.object({ text: z.string().min(1).max(1000), line: z.coerce.number().int() });

export const summaryAnswerSchema = z.object({
  overview: z.string().min(1).max(3000),
  keyPoints: z.array(cited).max(20),
  decisions: z.array(cited).max(20),
  openQuestions: z.array(cited).max(20),
});

export const actionItemsAnswerSchema = z.object({
  items: z
    .array(
      z.object({
        text: z.string().min(1).max(500),
        owner: z.string().max(200).nullable().optional(),
        due: z.string().max(40).nullable().optional(),
        line: z.coerce.number().int().optional(),
      }),
    )
    .max(50),
});

export const extractionAnswerSchema = z.object({
  fields: z
    .array(
      z.object({
        id: z.string().max(64),
        value: z.union([z.string(), z.number()]).transform(String),
        line: z.coerce.number().int().optional(),
      }),
    )
    .max(100),
});

function values(
  t: Transcript,
  maxChars: number,
): { vars: Record<string, string>; truncated: boolean } {
  const { text, truncated } = renderTranscript(t.lines, maxChars);
  return {
    truncated,
    vars: {
      transcript: text,
      participants: t.participants.map((p) => p.name).join(', ') || 'unknown',
      meeting_date: t.meeting.date.toISOString().slice(0, 10),
      meeting_type: t.meeting.type.replace(/_/g, ' '),
      title: t.meeting.title,
    },
  };
}

const lineAt = (t: Transcript, n: number | undefined) =>
  n === undefined ? undefined : t.lines[n - 1];

function toPoint(t: Transcript, c: { text: string; line: number }): Point {
  const l = lineAt(t, c.line);
  return { text: c.text.trim(), segmentId: l?.segmentId ?? null, startMs: l?.startMs ?? null };
}

export interface LlmStepResult<T> {
  value: T;
  truncated: boolean;
}

export async function llmSummary(
  client: JsonChatClient,
  t: Transcript,
  maxChars = DEFAULT_PROMPT_CHARS,
  signal?: AbortSignal,
): Promise<LlmStepResult<SummaryResult>> {
  const { vars, truncated } = values(t, maxChars);
  const a = await client.complete(
    renderPostmeetingPrompt(postmeetingPrompt('summary'), vars),
    summaryAnswerSchema,
    signal,
  );
  return {
    truncated,
    value: {
      source: 'llm',
      overview: a.overview.trim(),
      keyPoints: a.keyPoints.map((c) => toPoint(t, c)),
      decisions: a.decisions.map((c) => toPoint(t, c)),
      openQuestions: a.openQuestions.map((c) => toPoint(t, c)),
    },
  };
}

export async function llmActionItems(
  client: JsonChatClient,
  t: Transcript,
  maxChars = DEFAULT_PROMPT_CHARS,
  signal?: AbortSignal,
): Promise<LlmStepResult<ActionItemResult[]>> {
  const { vars, truncated } = values(t, maxChars);
  const a = await client.complete(
    renderPostmeetingPrompt(postmeetingPrompt('action-items'), vars),
    actionItemsAnswerSchema,
    signal,
  );
  const byName = new Map(t.participants.map((p) => [p.name.toLowerCase(), p]));
  return {
    truncated,
    value: a.items.map((it) => {
      // Owners must be participants; anything else is dropped (never invented people).
      const owner = it.owner ? (byName.get(it.owner.trim().toLowerCase()) ?? null) : null;
      const due =
        it.due && /^\d{4}-\d{2}-\d{2}$/.test(it.due) && !Number.isNaN(Date.parse(it.due))
          ? it.due
          : null;
      const l = lineAt(t, it.line);
      return {
        text: it.text.trim(),
        ownerIdentity: owner?.identity ?? null,
        ownerName: owner?.name ?? null,
        dueDate: due,
        dueText: null,
        segmentId: l?.segmentId ?? null,
        startMs: l?.startMs ?? null,
        source: 'llm' as const,
      };
    }),
  };
}

export async function llmExtraction(
  client: JsonChatClient,
  t: Transcript,
  maxChars = DEFAULT_PROMPT_CHARS,
  signal?: AbortSignal,
): Promise<LlmStepResult<ExtractedField[]>> {
  const fields = extractionFields(t.meeting.type).fields;
  const { vars, truncated } = values(t, maxChars);
  vars.fields = fields
    .map((f) => `${f.id}: ${f.label}, ${f.type}${f.unit ? ` (${f.unit})` : ''}`)
    .join('\n');
  const a = await client.complete(
    renderPostmeetingPrompt(postmeetingPrompt('extraction'), vars),
    extractionAnswerSchema,
    signal,
  );
  const byId = new Map(fields.map((f) => [f.id, f]));
  const out = new Map<string, ExtractedField>();
  for (const x of a.fields) {
    const f = byId.get(x.id);
    if (!f || !x.value.trim()) continue; // unknown ids are ignored
    const l = lineAt(t, x.line);
    out.set(f.id, {
      fieldId: f.id,
      label: f.label,
      type: f.type,
      value: x.value.trim().slice(0, 500),
      unit: f.unit ?? null,
      segmentId: l?.segmentId ?? null,
      startMs: l?.startMs ?? null,
      source: 'llm',
    });
  }
  return { truncated, value: [...out.values()] };
}
