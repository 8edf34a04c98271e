// Every setting the apps validate is documented and reaches the production containers: a
// variable missing from README's configuration table is one an operator cannot find, and one
// docker-compose.yml does not pass through is one they set in `.env` to no effect.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** Upper-case keys of the zod objects in each package's env schemas. */
function validatedVariables(): Set<string> {
  const vars = new Set<string>();
  for (const pkg of ['agent', 'db', 'services', 'web', 'prompts']) {
    for (const file of sources(`${pkg}/src`)) {
      const text = read(file);
      if (!/z\.object\(/.test(text) || !/env|config/i.test(file)) continue;
      for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]{2,}):\s*(?:z\b|[a-zA-Z]+\()/gm)) {
        vars.add(m[1] ?? '');
      }
    }
  }
  return vars;
}

/** Variables named in the first column of README's configuration table. */
function documentedVariables(): Set<string> {
  const rows = read('README.md').match(/^\| `[A-Z][A-Z0-9_]+`.*$/gm) ?? [];
  return new Set(
    rows.flatMap((row) =>
      [...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] ?? ''),
    ),
  );
}

describe('settings', () => {
  it('finds the schemas it checks (the scan is not empty)', () => {
    expect(validatedVariables().size).toBeGreaterThan(60);
    expect(validatedVariables()).toContain('DATABASE_URL');
  });

  it('every validated variable is in README.md’s configuration table', () => {
    const documented = documentedVariables();
    expect([...validatedVariables()].filter((v) => !documented.has(v))).toEqual([]);
  });

  it('docker-compose.yml hands `.env` to every app service', () => {
    const compose = read('docker-compose.yml');
    for (const service of ['web', 'agent', 'jobs']) {
      const block =
        new RegExp(`^  ${service}:\\n((?:    .*\\n|\\n)+)`, 'm').exec(compose)?.[1] ?? '';
      expect(block, service).toMatch(/env_file:\s*\*app-env-file|env_file:\s*&app-env-file/);
    }
    expect(compose).toMatch(/&app-env-file\s*\n\s*- path: \.env\n\s*required: false/);
  });
});
