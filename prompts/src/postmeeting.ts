import { z } from 'zod';
import actionItems from '../templates/_postmeeting/action-items.json' with { type: 'json' };
import ask from '../templates/_postmeeting/ask.json' with { type: 'json' };
import extraction from '../templates/_postmeeting/extraction.json' with { type: 'json' };
import summary from '../templates/_postmeeting/summary.json' with { type: 'json' };

// Prompts of the post-meeting pipeline (summary, action items, structured data) and of "ask your
// meetings", versioned
// like the question prompts. Variables are written {{name}}.

export const POSTMEETING_PROMPTS = ['summary', 'action-items', 'extraction', 'ask'] as const;
export type PostmeetingPromptName = (typeof POSTMEETING_PROMPTS)[number];

export const postmeetingPromptSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  changelog: z
    .array(z.object({ version: z.string(), date: z.string(), changes: z.string() }))
    .min(1),
  system: z.array(z.string()).min(1),
  user: z.array(z.string()).min(1),
});

export interface PostmeetingPrompt {
  name: PostmeetingPromptName;
  /** `_postmeeting/<name>@<version>` */
  templateVersion: string;
  system: string;
  user: string;
}

const RAW: Record<PostmeetingPromptName, unknown> = {
  summary,
  'action-items': actionItems,
  extraction,
  ask,
};

const cache = new Map<PostmeetingPromptName, PostmeetingPrompt>();

/** The validated prompt (throws naming the file when it is broken). */
export function postmeetingPrompt(name: PostmeetingPromptName): PostmeetingPrompt {
  const hit = cache.get(name);
  if (hit) return hit;
  const r = postmeetingPromptSchema.safeParse(RAW[name]);
  if (!r.success) {
    throw new Error(`prompts/templates/_postmeeting/${name}.json: ${r.error.issues[0]?.message}`);
  }
  const p: PostmeetingPrompt = {
    name,
    templateVersion: `_postmeeting/${name}@${r.data.version}`,
    system: r.data.system.join('\n'),
    user: r.data.user.join('\n'),
  };
  cache.set(name, p);
  return p;
}

/** Replaces {{name}} with values (unknown names are left as written). */
export function renderPostmeetingPrompt(
  p: PostmeetingPrompt,
  values: Record<string, string>,
): { system: string; user: string } {
  const fill = (s: string) =>
    s.replace(/\{\{([a-z_]+)\}\}/g, (m, k: string) =>
      Object.hasOwn(values, k) ? (values[k] ?? '') : m,
    );
  return { system: fill(p.system), user: fill(p.user) };
}
