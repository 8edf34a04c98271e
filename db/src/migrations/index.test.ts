import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrations } from './index.ts';

describe('migrations', () => {
  it('are every file of the folder, listed in the order their names sort (the order they run)', () => {
    const files = readdirSync(new URL('.', import.meta.url))
      .filter((f) => /^\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9_]+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''));
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(files.sort());
  });
});
