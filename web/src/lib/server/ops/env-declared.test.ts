import { describe, expect, it } from 'vitest';
import { variables } from '../../../env.ts';
import { envSchema } from '../config-schema.ts';

describe('environment declarations', () => {
  // SvelteKit hands `$app/env/private` only the variables declared in src/env.ts: one missing
  // there is silently replaced by its default in the built app (e.g. S3_PUBLIC_ENDPOINT ignored).
  it('every variable the config validates is declared in src/env.ts', () => {
    const declared = new Set(Object.keys(variables));
    const missing = Object.keys(envSchema.shape).filter((k) => !declared.has(k));
    expect(missing).toEqual([]);
  });
});
