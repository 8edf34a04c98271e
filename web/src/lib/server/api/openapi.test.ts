import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPERATIONS, openApiDocument } from './openapi.ts';

const apiDir = fileURLToPath(new URL('../../../routes/api', import.meta.url));

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return name === '+server.ts' ? [p] : [];
  });
}

/** Every `METHOD /path` the route files export. */
function implemented(): string[] {
  return routeFiles(apiDir).flatMap((file) => {
    const path = `/api/${relative(apiDir, file)}`
      .replace(/\/\+server\.ts$/, '')
      .replace(/\[(\w+)\]/g, '{$1}');
    const src = readFileSync(file, 'utf8');
    return [...src.matchAll(/export const (GET|POST|PATCH|PUT|DELETE)\b/g)].map(
      (m) => `${(m[1] ?? '').toLowerCase()} ${path}`,
    );
  });
}

describe('OpenAPI document', () => {
  it('lists every implemented API route and nothing else', () => {
    // The transcription route belongs to the room work; it is documented once it settles.
    const routes = implemented().filter((r) => !r.endsWith('/transcription'));
    const documented = OPERATIONS.map((o) => `${o.method} ${o.path}`);
    expect(documented.sort()).toEqual(routes.sort());
  });

  it('is OpenAPI 3.1 with request schemas from the validating zod schemas', () => {
    const doc = openApiDocument() as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<
                string,
                { schema: { properties?: Record<string, unknown>; required?: string[] } }
              >;
            };
          }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    const create =
      doc.paths['/api/meetings']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(create?.properties ?? {})).toEqual(
      expect.arrayContaining(['title', 'type', 'subject', 'teamId', 'scheduledAt', 'checklist']),
    );
    expect(create?.required).toEqual(['title', 'type']);
    expect(JSON.stringify(doc.paths['/api/meetings']?.post)).toContain('"maxLength":255');
  });
});
