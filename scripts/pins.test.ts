// Every third-party image and every `go install` is pinned to a version (issue 15 item 5): an
// upgrade is a reviewed change, never what a registry happened to serve that day.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** Image references: `image:` lines (their `${VAR:-default}` default), `*_IMAGE=` and `FROM`. */
function imageRefs(path: string): string[] {
  const refs: string[] = [];
  for (const line of read(path).split('\n')) {
    const m =
      /^\s*image:\s*(?:\$\{\w+:-)?([^\s}]+)/.exec(line) ??
      /^\w+_IMAGE=(\S+)/.exec(line) ??
      /^ARG NODE_IMAGE=(\S+)/.exec(line);
    if (m?.[1]) refs.push(m[1]);
  }
  return refs;
}

/** Module paths with their `@version` in `go install` lines (variables resolved from the file). */
function goInstalls(path: string): string[] {
  const text = read(path);
  const vars = new Map([...text.matchAll(/^\s*(\w+)="?([^"\s]+)"?/gm)].map((m) => [m[1], m[2]]));
  return [...text.matchAll(/go install\s+"?(\S+@\S+?)"?(?:\s|$)/g)].map((m) =>
    (m[1] ?? '').replace(/\$\{?(\w+)\}?/g, (_, v: string) => vars.get(v) ?? `$${v}`),
  );
}

/** A pinned tag names a release: digits (v1.2.3, 1.37.0, 0.8.6-pg17-…) or a dated RELEASE. */
const PINNED_TAG = /:(v?\d+\.\d+\.\d+[\w.-]*|RELEASE\.\d{4}-\d\d-\d\dT[\w-]+)$/;
/** A `go install` version: a semantic version or a pseudo-version, never a branch or latest. */
const PINNED_GO = /@v\d+\.\d+\.\d+(-[\w.-]+)?$/;

describe('versions are pinned', () => {
  const ours = new Set(['parley-web', 'parley-agent']);
  it.each([
    'docker-compose.yml',
    '.env.example',
    'deploy/docker/web.Dockerfile',
    'deploy/docker/agent.Dockerfile',
  ])('images in %s', (path) => {
    const refs = imageRefs(path).filter((r) => !ours.has(r.split(':')[0] ?? ''));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref, `${path}: ${ref}`).toMatch(PINNED_TAG);
  });

  it.each(['deploy/dev/services', 'deploy/docker/images'])('go install in %s', (path) => {
    const mods = goInstalls(path);
    expect(mods.length).toBeGreaterThan(0);
    for (const mod of mods) expect(mod, `${path}: ${mod}`).toMatch(PINNED_GO);
  });

  it('the checks catch a floating tag', () => {
    expect('minio/mc:latest').not.toMatch(PINNED_TAG);
    expect('redis:7.4-alpine').not.toMatch(PINNED_TAG);
    expect('github.com/x/y@latest').not.toMatch(PINNED_GO);
  });
});
