import type { RequestHandler } from './$types';
import { openApiDocument } from '#lib/server/api/openapi.ts';

export const GET: RequestHandler = () =>
  Response.json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
