import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Db } from '@parley/db';
import type { Principal, UserPrincipal } from '../auth/principal.ts';
import { ApiError } from '../http/errors.ts';
import { MAX_BODY_BYTES } from '../http/body.ts';
import { registerResources } from './resources.ts';
import { registerTools } from './tools.ts';

// The MCP server at `/mcp` (Streamable HTTP, stateless: a server and transport per request), for
// AI assistants acting with a personal API token and exactly its owner's permissions.

/** The token owner; browser sessions and guests are refused (401 with a Bearer challenge). */
export function mcpPrincipal(principal: Principal | null): UserPrincipal {
  if (principal?.kind === 'user' && principal.via === 'api_token') return principal;
  throw new ApiError(
    401,
    'unauthenticated',
    'Send a personal API token: Authorization: Bearer parley_pat_…',
    {
      headers: { 'www-authenticate': 'Bearer' },
    },
  );
}

export function createMcpServer(db: Db, principal: UserPrincipal): McpServer {
  const server = new McpServer(
    { name: 'parley', version: '1.0.0' },
    {
      instructions: 'Meetings recorded by Parley that the token owner may see: search, read, ask.',
    },
  );
  registerTools(server, db, principal);
  registerResources(server, db, principal);
  return server;
}

/** Answers one Streamable HTTP request (POST, GET or DELETE). */
export async function handleMcp(
  db: Db,
  principal: UserPrincipal,
  request: Request,
): Promise<Response> {
  const server = createMcpServer(db, principal);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize: MAX_BODY_BYTES,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    // JSON responses are complete once returned: nothing streams after this.
    await server.close();
  }
}
