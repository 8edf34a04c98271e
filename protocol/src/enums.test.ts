import { describe, expect, it } from 'vitest';
import { meetingTypeLabel } from './enums.ts';

describe('meetingTypeLabel', () => {
  it('names known types and falls back to General', () => {
    expect(meetingTypeLabel('investment_screening')).toBe('Investment screening');
    expect(meetingTypeLabel('nope')).toBe('General');
  });
});
