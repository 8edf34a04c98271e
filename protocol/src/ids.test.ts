import { describe, expect, it } from 'vitest';
import { isUuid } from './ids.ts';

describe('isUuid', () => {
  it('takes a UUID in any case and nothing else', () => {
    expect(isUuid('0b6a7e56-1d2c-4f00-9a3b-cc11231ef5b2')).toBe(true);
    expect(isUuid('0B6A7E56-1D2C-4F00-9A3B-CC11231EF5B2')).toBe(true);
    for (const bad of [
      '',
      'abc',
      '0b6a7e56-1d2c-4f00-9a3b-cc11231ef5b',
      ' 0b6a7e56-1d2c-4f00-9a3b-cc11231ef5b2',
      '0b6a7e56-1d2c-4f00-9a3b-cc11231ef5b2\n',
      42,
      null,
      undefined,
    ]) {
      expect(isUuid(bad), String(bad)).toBe(false);
    }
  });
});
