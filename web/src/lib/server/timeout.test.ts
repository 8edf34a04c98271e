import { describe, expect, it } from 'vitest';
import { TimeoutError, withTimeout } from './timeout.ts';

describe('withTimeout', () => {
  it('gives the value, the error, or a TimeoutError naming what was late', async () => {
    expect(await withTimeout(Promise.resolve(7), 50, 'x')).toBe(7);
    await expect(withTimeout(Promise.reject(new Error('boom')), 50, 'x')).rejects.toThrow('boom');
    const late = withTimeout(new Promise(() => undefined), 20, 'the queue');
    await expect(late).rejects.toBeInstanceOf(TimeoutError);
    await expect(late).rejects.toThrow('the queue timed out after 20 ms');
  });
});
