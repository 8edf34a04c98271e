import { describe, expect, it } from 'vitest';
import { parseTheme } from './theme.ts';

describe('parseTheme', () => {
  it('keeps light and dark, anything else follows the system', () => {
    expect(parseTheme('light')).toBe('light');
    expect(parseTheme('dark')).toBe('dark');
    for (const raw of [null, undefined, '', 'DARK', 'solarized'])
      expect(parseTheme(raw)).toBe('system');
  });
});
