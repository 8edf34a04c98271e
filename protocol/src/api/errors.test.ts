import { describe, expect, it } from 'vitest';
import { parseApiError } from './errors.ts';

describe('parseApiError', () => {
  it('reads the envelope, with or without fields', () => {
    expect(parseApiError({ error: { code: 'not_found', message: 'Meeting not found.' } })).toEqual({
      code: 'not_found',
      message: 'Meeting not found.',
    });
    expect(
      parseApiError({
        error: { code: 'validation_failed', message: 'Bad.', fields: { title: 'Required.' } },
      })?.fields,
    ).toEqual({ title: 'Required.' });
  });

  it.each([null, undefined, 'oops', { error: 'x' }, { error: { code: 1, message: 'x' } }, {}])(
    'returns null for %j',
    (body) => {
      expect(parseApiError(body)).toBeNull();
    },
  );
});
