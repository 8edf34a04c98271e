import { z } from 'zod';

// Each package declares the variables it reads once, as a zod object; an app composes the
// schemas it needs and parses its environment once, at start.

/** `true`/`false`, `1`/`0`, `yes`/`no`. */
export const envBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

type Shape = z.core.$ZodShape;
type ShapeOf<T> = T extends z.ZodObject<infer S> ? S : never;
type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;
type Merged<T extends z.ZodObject<Shape>[]> =
  Intersect<ShapeOf<T[number]>> extends infer S extends Shape ? S : never;

/** One schema of all the variables of `schemas`; a variable declared by two of them throws. */
export function composeEnv<T extends z.ZodObject<Shape>[]>(...schemas: T): z.ZodObject<Merged<T>> {
  const shape: Record<string, z.ZodType> = {};
  for (const s of schemas) {
    for (const [name, type] of Object.entries(s.shape)) {
      if (name in shape) throw new Error(`${name} is declared by two env schemas`);
      shape[name] = type as z.ZodType;
    }
  }
  return z.object(shape) as unknown as z.ZodObject<Merged<T>>;
}

export interface EnvProblem {
  /** The variable. */
  name: string;
  message: string;
}

/**
 * Validates `env` against `schema`. An empty variable is an unset one (compose writes
 * `KEY: ${KEY:-}` for optional settings), so it takes its default.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): { ok: true; data: z.output<S> } | { ok: false; problems: EnvProblem[] } {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const r = schema.safeParse(set);
  if (r.success) return { ok: true, data: r.data };
  return {
    ok: false,
    problems: r.error.issues.map((i) => ({
      name: i.path.length > 0 ? i.path.join('.') : '(env)',
      message: i.message,
    })),
  };
}
