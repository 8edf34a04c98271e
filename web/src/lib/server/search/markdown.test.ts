import { describe, expect, it } from 'vitest';
import { summaryMarkdown } from './markdown.ts';

// Wednesday 18 November 2026.
const MEETING_DAY = new Date('2026-11-18T14:00:00Z');

describe('markdown export', () => {
  it('escapes content and links moments', () => {
    const md = summaryMarkdown({
      title: 'Acme *screening*',
      date: MEETING_DAY,
      momentUrl: (ms) => `/meetings/m?t=${ms}`,
      summary: {
        source: 'extractive',
        overview: 'Talked [a lot](javascript:alert(1))',
        key_points: [{ text: 'Churn is 2%', segmentId: 's1', startMs: 65_000 }],
        decisions: [],
        open_questions: [],
      },
      actionItems: [{ text: 'Send deck', owner_name: 'Ada', due_date: '2026-11-20', start_ms: 0 }],
      extractions: [{ label: 'Monthly churn', value: '2%', unit: 'per month' }],
    });
    expect(md).toContain('# Acme \\*screening\\*');
    expect(md).toContain('Talked \\[a lot\\]\\(javascript:alert\\(1\\)\\)');
    expect(md).toContain('- Churn is 2% ([01:05](/meetings/m?t=65000))');
    expect(md).toContain('- [ ] Send deck — **Ada** (due 2026-11-20) ([00:00](/meetings/m?t=0))');
    expect(md).toContain('| Monthly churn | 2% per month |');
  });
});
