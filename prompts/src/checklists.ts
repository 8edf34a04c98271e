import { readFile } from 'node:fs/promises';
import {
  SUGGESTION_CATEGORIES,
  SUGGESTION_PRIORITIES,
  isMeetingType,
  type MeetingType,
} from '@parley/protocol';
import { z } from 'zod';
import generalFile from '../templates/general/checklist.json' with { type: 'json' };
import investmentFile from '../templates/investment_screening/checklist.json' with { type: 'json' };
import mentoringFile from '../templates/mentoring/checklist.json' with { type: 'json' };
import productReviewFile from '../templates/product_review/checklist.json' with { type: 'json' };
import salesFile from '../templates/sales/checklist.json' with { type: 'json' };

export const checklistItemSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]{1,64}$/, 'id must be 1-64 chars of [a-z0-9_]'),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(2000),
  keywords: z.array(z.string().min(1).max(100)).max(50),
  priority: z.enum(SUGGESTION_PRIORITIES),
  /** A question that covers the item, suggested when nobody has discussed it yet. */
  question: z.string().trim().min(1).max(200).optional(),
  /** Category of that question (default `other`). */
  category: z.enum(SUGGESTION_CATEGORIES).optional(),
  /**
   * Whether a task said with a deadline ("please send me the numbers by Friday") discusses the
   * item, whatever its keywords (the items about action items and next steps).
   */
  coveredByTasks: z.boolean().optional(),
});
export type ChecklistItem = z.output<typeof checklistItemSchema>;

/** A versioned checklist file: `prompts/templates/<type>/checklist.json`. */
export const checklistFileSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version must be semver (x.y.z)'),
  changelog: z.array(
    z.object({ version: z.string(), date: z.string(), changes: z.string().min(1) }),
  ),
  items: z
    .array(checklistItemSchema)
    .min(1)
    .refine(
      (items) => new Set(items.map((i) => i.id)).size === items.length,
      'item ids must be unique',
    ),
});
export type Checklist = z.output<typeof checklistFileSchema>;

/** Where each type's checklist lives (relative to the package), for error messages. */
export function checklistPath(type: MeetingType): string {
  return `prompts/templates/${type}/checklist.json`;
}

/** Validates checklist data; throws an Error naming `source` and every problem. */
export function parseChecklist(data: unknown, source: string): Checklist {
  const r = checklistFileSchema.safeParse(data);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid checklist file ${source}:\n${problems.join('\n')}`);
  }
  return r.data;
}

/** Reads and validates a checklist file from disk (tools and tests; the app uses `loadChecklist`). */
export async function readChecklistFile(path: string): Promise<Checklist> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`invalid checklist file ${path}: ${(err as Error).message}`, { cause: err });
  }
  return parseChecklist(data, path);
}

// Bundled with the code (static JSON imports) so a built server needs no template files on disk.
const RAW: Record<MeetingType, unknown> = {
  investment_screening: investmentFile,
  mentoring: mentoringFile,
  sales: salesFile,
  product_review: productReviewFile,
  general: generalFile,
};

const cache = new Map<MeetingType, Checklist>();

/** The checklist for a meeting type (validated once); unknown types get the general one. */
export function loadChecklist(type: string): Checklist {
  const t: MeetingType = isMeetingType(type) ? type : 'general';
  let c = cache.get(t);
  if (!c) {
    c = parseChecklist(RAW[t], checklistPath(t));
    cache.set(t, c);
  }
  return c;
}
