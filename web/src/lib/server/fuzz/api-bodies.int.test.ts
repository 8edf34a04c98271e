/**
 * Property-based fuzzing of every JSON API body: for each POST/PATCH/PUT route found under
 * `src/routes/api/**` (and each write listed in /api/openapi.json), arbitrary JSON bodies — random
 * values, objects with the route's own field names holding random values, and non-JSON text — are
 * sent by a signed-in team owner against the built server. No answer may be a 5xx, the server
 * must stay up, and it must log no unexpected error or unhandled rejection.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signupUser, startTestServer, type TestServer } from '../testing/server.ts';

const ROUTES_DIR = fileURLToPath(new URL('../../../routes/api', import.meta.url));
/** Runs per route (kept small: the suite's time budget is shared). */
const RUNS = 50;
const WRITE = /export\s+const\s+(POST|PATCH|PUT)\b/g;

interface Route {
  template: string;
  method: string;
}

function discoverRoutes(dir: string): Route[] {
  const out: Route[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...discoverRoutes(p));
    else if (name === '+server.ts') {
      const src = readFileSync(p, 'utf8');
      const template = `/api/${relative(ROUTES_DIR, dir).split(sep).join('/')}`.replace(/\/$/, '');
      for (const m of src.matchAll(WRITE)) out.push({ template, method: m[1] ?? 'POST' });
    }
  }
  return out;
}

let srv: TestServer;
/** Statuses answered to the fuzzed bodies (the run must reach the validators, not stop at 401). */
const seen = new Map<number, number>();
let owner: Awaited<ReturnType<typeof signupUser>>;
let params: Record<string, string>;
/** Field names per `METHOD template`, from the OpenAPI request schemas. */
let fieldsOf: Map<string, string[]>;

beforeAll(async () => {
  srv = await startTestServer('fuzz-api');
  owner = await signupUser(srv.base, 'Fuzz Owner');
  const team = await call(srv.base, 'POST', '/api/teams', {
    cookie: owner.cookie,
    json: { name: 'Fuzz team' },
  });
  const meeting = await call(srv.base, 'POST', '/api/meetings', {
    cookie: owner.cookie,
    json: {
      title: 'Fuzz meeting',
      type: 'mentoring',
      teamId: (team.body.team as { id: string }).id,
    },
  });
  expect(meeting.status).toBe(201);
  params = {
    'meetings/[id]': (meeting.body.meeting as { id: string }).id,
    'teams/[id]': (team.body.team as { id: string }).id,
    '[userId]': owner.id,
    '[identity]': 'fuzz-identity',
    '[linkId]': '00000000-0000-4000-8000-000000000000',
    '[type]': 'mentoring',
  };
  const doc = (await call(srv.base, 'GET', '/api/openapi.json')).body as {
    paths: Record<string, Record<string, { requestBody?: unknown }>>;
  };
  fieldsOf = new Map();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const schema = JSON.stringify(op.requestBody ?? {});
      const props = [...schema.matchAll(/"properties":\{((?:[^{}]|\{[^{}]*\})*)\}/g)]
        .flatMap((m) => [...(m[1] ?? '').matchAll(/"([A-Za-z_][A-Za-z0-9_]*)":\{/g)])
        .map((m) => m[1] ?? '');
      const template = path.replace(/\{([^}]+)\}/g, '[$1]');
      fieldsOf.set(`${method.toUpperCase()} ${template}`, [...new Set(props)]);
    }
  }
}, 60_000);

afterAll(async () => {
  await srv?.stop();
});

function concrete(template: string): string {
  let path = template;
  for (const [k, v] of Object.entries(params)) {
    if (k.includes('/')) path = path.replace(`/${k}`, `/${k.split('/')[0]}/${v}`);
    else path = path.replaceAll(k, v);
  }
  return path.replace(/\[[^\]]+\]/g, 'x');
}

const json = fc.jsonValue({ maxDepth: 3 });
const weird = fc.oneof(
  json,
  fc.constantFrom(null, '', 0, -1, 1e308, true, '<script>alert(1)</script>', 'a'.repeat(5000)),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);

function bodies(fields: string[]): fc.Arbitrary<{ raw: string }> {
  const typed = fields.length
    ? fc.dictionary(fc.constantFrom(...fields), weird, { maxKeys: fields.length + 1 })
    : fc.dictionary(fc.string({ maxLength: 8 }), weird, { maxKeys: 4 });
  return fc.oneof(
    { weight: 4, arbitrary: typed.map((o) => ({ raw: JSON.stringify(o) })) },
    { weight: 2, arbitrary: json.map((v) => ({ raw: JSON.stringify(v) })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map((s) => ({ raw: s })) },
  );
}

const routes = discoverRoutes(ROUTES_DIR)
  // Signing out would leave the rest of the run unauthenticated: fuzzed last, below.
  .filter((r) => !/\/auth\/logout/.test(r.template));

describe('fuzz: every JSON API body', () => {
  it('finds the write routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it.each(routes.map((r) => [`${r.method} ${r.template}`, r] as const))(
    '%s: no 5xx for arbitrary bodies',
    async (_, route) => {
      const path = concrete(route.template);
      const fields = fieldsOf.get(`${route.method} ${route.template}`) ?? [];
      await fc.assert(
        fc.asyncProperty(bodies(fields), async ({ raw }) => {
          const r = await call(srv.base, route.method, path, {
            cookie: owner.cookie,
            body: raw,
            headers: { 'content-type': 'application/json' },
          });
          seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
          expect(
            r.status,
            `${route.method} ${path} ${raw.slice(0, 200)} → ${r.status}`,
          ).toBeLessThan(500);
        }),
        { numRuns: RUNS },
      );
    },
    60_000,
  );

  it('sign-out routes: no 5xx; the server stayed up and logged no unexpected error', async () => {
    for (const path of ['/api/auth/logout-all', '/api/auth/logout']) {
      await fc.assert(
        fc.asyncProperty(bodies([]), async ({ raw }) => {
          const r = await call(srv.base, 'POST', path, {
            cookie: owner.cookie,
            body: raw,
            headers: { 'content-type': 'application/json' },
          });
          expect(r.status).toBeLessThan(500);
        }),
        { numRuns: 10 },
      );
    }
    expect(srv.proc.child.exitCode).toBeNull();
    expect((await fetch(`${srv.base}/healthz`)).status).toBe(200);
    console.log('fuzz statuses', Object.fromEntries(seen));
    expect(seen.get(401) ?? 0).toBeLessThan([...seen.values()].reduce((a, b) => a + b, 0) / 4);
    expect([...seen.keys()].some((s) => s === 400 || s === 422)).toBe(true);
    expect([...seen.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
    const out = srv.proc.output();
    expect(out).not.toMatch(/unhandled|unexpected error|UnhandledPromiseRejection/i);
  });
});
