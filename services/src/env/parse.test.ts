import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { composeEnv, envBool, parseEnv } from './parse.ts';

const a = z.object({ A: z.string().default('a'), FLAG: envBool.default(false) });
const b = z.object({ B: z.coerce.number().int() });

describe('env schemas', () => {
  it('compose into one schema; a variable declared twice is refused', () => {
    expect(Object.keys(composeEnv(a, b).shape)).toEqual(['A', 'FLAG', 'B']);
    expect(() => composeEnv(a, b, z.object({ B: z.string() }))).toThrow(/B is declared by two/);
  });

  it('parse empty variables as unset and name each bad one', () => {
    expect(parseEnv(composeEnv(a, b), { A: '', FLAG: 'yes', B: '3' })).toEqual({
      ok: true,
      data: { A: 'a', FLAG: true, B: 3 },
    });
    const r = parseEnv(composeEnv(a, b), { FLAG: 'maybe', B: 'x' });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems.map((p) => p.name)).toEqual(['FLAG', 'B']);
  });
});
