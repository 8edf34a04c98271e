/**
 * The OpenAPI 3.1 document of the JSON API, generated from the same zod schemas the routes
 * validate requests with (`z.toJSONSchema`). Every route under /api is listed in `operations/` (by
 * capability); a test checks that the list matches the route files.
 */
import { apiErrorSchema } from '@parley/protocol';
import { z } from 'zod';
import { ACCOUNT_OPERATIONS } from './operations/accounts.ts';
import { HIGHLIGHT_OPERATIONS } from './operations/highlights.ts';
import { INTEGRATION_OPERATIONS } from './operations/integrations.ts';
import { MEETING_OPERATIONS } from './operations/meetings.ts';
import type { Operation } from './operations/operation.ts';
import { RECORDING_OPERATIONS } from './operations/recordings.ts';
import { REPORT_OPERATIONS } from './operations/report.ts';
import { SEARCH_OPERATIONS } from './operations/search.ts';
import { SHARE_OPERATIONS } from './operations/shares.ts';
import { SUBJECT_OPERATIONS } from './operations/subjects.ts';
import { TRANSCRIPT_OPERATIONS } from './operations/transcript.ts';

export const OPERATIONS: Operation[] = [
  ...ACCOUNT_OPERATIONS,
  ...MEETING_OPERATIONS,
  ...HIGHLIGHT_OPERATIONS,
  ...RECORDING_OPERATIONS,
  ...REPORT_OPERATIONS,
  ...SEARCH_OPERATIONS,
  ...SHARE_OPERATIONS,
  ...SUBJECT_OPERATIONS,
  ...INTEGRATION_OPERATIONS,
  ...TRANSCRIPT_OPERATIONS,
];

function schema(s: z.ZodType, io: 'input' | 'output') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' });
  return rest;
}

const ERRORS: Record<string, string> = {
  '401': 'Not signed in, or the bearer token / guest session is invalid, expired or revoked',
  '403': 'Signed in but not allowed (or a cross-origin write)',
  '404': 'Unknown id, or a meeting the caller may not see',
  '413': 'Body over 64 KiB',
  '415': 'Body is not application/json',
  '422': 'Validation failed; `fields` names each bad field',
  '429': 'Rate limited; see Retry-After',
};

let cached: unknown;

export function openApiDocument(): unknown {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (op.query) {
      for (const [name, s] of Object.entries(op.query.shape)) {
        params.push({
          name,
          in: 'query',
          required: false,
          schema: schema(s as z.ZodType, 'input') as { type: string },
        });
      }
    }
    const errorRef = {
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    const responses: Record<string, unknown> = {
      [String(op.ok[0])]: op.ok[1]
        ? {
            description: 'OK',
            content: { 'application/json': { schema: schema(op.ok[1], 'output') } },
          }
        : { description: 'No content' },
    };
    for (const [code, description] of Object.entries(ERRORS))
      responses[code] = { description, ...errorRef };
    const item = (paths[op.path] ??= {});
    item[op.method] = {
      summary: op.summary,
      operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(params.length ? { parameters: params } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: op.method !== 'post' || !op.path.endsWith('/token'),
              content: { 'application/json': { schema: schema(op.body, 'input') } },
            },
          }
        : {}),
      security:
        op.auth === 'none' || op.auth === 'livekit'
          ? []
          : op.auth === 'session'
            ? [{ session: [] }]
            : op.auth === 'user_or_guest'
              ? [{ session: [] }, { bearer: [] }, { guest: [] }]
              : [{ session: [] }, { bearer: [] }],
      responses,
    };
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: '1.0.0',
      description:
        'JSON API of Parley. Errors always have the shape {error:{code,message,fields?}}. Scripts authenticate with a personal API token: `Authorization: Bearer parley_pat_…`.',
    },
    paths,
    components: {
      schemas: { Error: schema(apiErrorSchema, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'Personal API token (parley_pat_…)',
        },
        guest: {
          type: 'http',
          scheme: 'bearer',
          description: 'Guest session token (parley_guest_…) or the parley_guest cookie',
        },
      },
    },
  };
  return cached;
}
