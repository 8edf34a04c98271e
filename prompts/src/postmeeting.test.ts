import { describe, expect, it } from 'vitest';
import { POSTMEETING_PROMPTS, postmeetingPrompt, renderPostmeetingPrompt } from './postmeeting.ts';

describe('post-meeting prompts', () => {
  it.each(POSTMEETING_PROMPTS)('%s is valid, versioned and renders its variables', (name) => {
    const p = postmeetingPrompt(name);
    expect(p.templateVersion).toMatch(/^_postmeeting\/.+@\d+\.\d+\.\d+$/);
    const r = renderPostmeetingPrompt(p, {
      transcript: '[1] Ada: hello',
      participants: 'Ada',
      meeting_date: '2026-11-22',
      meeting_type: 'general',
      title: 'T',
      fields: 'mrr: MRR, money',
      question: 'q?',
      passages: '[1] Ada: hello',
    });
    expect(`${r.system}\n${r.user}`).not.toMatch(/\{\{[a-z_]+\}\}/);
    expect(r.user).toContain('[1] Ada: hello');
  });
});
