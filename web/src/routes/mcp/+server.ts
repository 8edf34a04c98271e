import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db.ts';
import { apiHandler } from '#lib/server/http/index.ts';
import { handleMcp, mcpPrincipal } from '#lib/server/mcp/index.ts';

// MCP over Streamable HTTP, authenticated with a personal API token (see lib/server/mcp).
const mcp: RequestHandler = apiHandler(async ({ locals, request }) =>
  handleMcp(getDb(), mcpPrincipal(locals.principal), request),
);

export const POST = mcp;
export const GET = mcp;
export const DELETE = mcp;
