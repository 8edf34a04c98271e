import type { Db } from '@parley/db';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { UserPrincipal } from '../auth/principal.ts';
import { listMeetingsFor } from '../meetings/service.ts';
import { meetingDetail } from './tools.ts';

// Meetings as MCP resources: `parley://meetings/{meetingId}` (details, summary, action items,
// metrics as JSON); the list is the owner's 50 most recent meetings.

export function registerResources(server: McpServer, db: Db, principal: UserPrincipal): void {
  server.registerResource(
    'meeting',
    new ResourceTemplate('parley://meetings/{meetingId}', {
      list: async () => {
        const page = await listMeetingsFor(db, principal, { limit: 50 });
        return {
          resources: (page?.items ?? []).map((m) => ({
            uri: `parley://meetings/${m.id}`,
            name: m.title,
            description: `${m.type} meeting, ${m.status}${m.startedAt ? `, ${m.startedAt.slice(0, 10)}` : ''}`,
            mimeType: 'application/json',
          })),
        };
      },
    }),
    {
      title: 'Meeting',
      description: 'A meeting with its summary and action items',
      mimeType: 'application/json',
    },
    async (uri, { meetingId }) => {
      // An unknown or foreign meeting throws "Meeting not found." (the client sees an error).
      const detail = await meetingDetail(db, principal, String(meetingId));
      return {
        contents: [
          { uri: uri.href, mimeType: 'application/json', text: JSON.stringify(detail, null, 2) },
        ],
      };
    },
  );
}
