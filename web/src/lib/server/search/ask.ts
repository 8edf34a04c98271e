import type { Db } from '@parley/db';
import { postmeetingPrompt, renderPostmeetingPrompt } from '@parley/prompts';
import { z } from 'zod';
import type { UserPrincipal } from '../auth/principal.ts';
import { reportError } from '../http/report.ts';
import { sanitizeCitations } from './citations.ts';
import type { AskInput } from './schemas.ts';
import { searchFor, type ApiSearchHit } from './search.ts';
import { askModel } from './services.ts';

export { sanitizeCitations };

export interface AskResult {
  /** `llm`: a grounded answer citing passages as [n]; `passages`: the top passages only. */
  mode: 'llm' | 'passages';
  /** The answer text with [n] markers (n = 1-based index into `passages`); null in passages mode. */
  answer: string | null;
  /** Passages the answer may cite, all from meetings the caller may see. */
  passages: ApiSearchHit[];
  /** Set when the model failed and the top passages are shown instead. */
  fallback: boolean;
}

const PASSAGES = 8;

const answerSchema = z.object({
  answer: z.string().min(1).max(4000),
  citations: z.array(z.coerce.number().int()).max(20).optional(),
});

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * "Ask your meetings": retrieves passages with the same scoped search, then, with a model, an
 * answer grounded in them. The model only ever sees passages the caller may see, and citations
 * outside them are removed, so an answer never points at another meeting.
 */
export async function askFor(
  db: Db,
  principal: UserPrincipal,
  input: AskInput,
): Promise<AskResult> {
  const { items } = await searchFor(db, principal, {
    q: input.question,
    limit: PASSAGES,
    offset: 0,
    sort: 'relevance',
    ...input.filters,
  });
  const model = askModel();
  if (!model || items.length === 0) {
    return { mode: 'passages', answer: null, passages: items, fallback: false };
  }
  const passages = items
    .map(
      (h, i) =>
        `[${i + 1}] ${h.meetingTitle} (${h.spokenAt.slice(0, 10)}), ${h.speaker} at ${clock(h.startMs)}: ${h.snippet.map((p) => p.text).join('')}`,
    )
    .join('\n');
  try {
    const a = await model.complete(
      renderPostmeetingPrompt(postmeetingPrompt('ask'), { question: input.question, passages }),
      answerSchema,
    );
    return {
      mode: 'llm',
      answer: sanitizeCitations(a.answer, items.length).trim(),
      passages: items,
      fallback: false,
    };
  } catch (err) {
    reportError(err, { method: 'ASK', path: '/api/ask (model)' });
    return { mode: 'passages', answer: null, passages: items, fallback: true };
  }
}
