import {
  ACTION_ITEM_LIST_STATUSES,
  listActionItems,
  listHighlights,
  listSegments,
  listSegmentsPage,
  type Db,
} from '@parley/db';
import { MEETING_TYPES, type ApiActionItem } from '@parley/protocol';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { UserPrincipal } from '../auth/principal.ts';
import { authorizeMeeting } from '../authz/index.ts';
import { ApiError } from '../http/errors.ts';
import { reportError } from '../http/report.ts';
import { toApiMeeting } from '../meetings/serialize.ts';
import { toApiSegment } from '../transcript/index.ts';
import { talkTime } from '../../transcript/talk-time.ts';
import { askFor, postmeetingView, searchFor } from '../search/index.ts';
import {
  ACTION_ITEM_ASSIGNEES,
  listActionItemsFor,
  toApiActionItem,
  updateActionItemFor,
} from '../subjects/index.ts';

// The MCP tools. Each one reuses the app's scoped queries with the token owner's principal:
// a meeting the owner may not read is "not found", exactly as in the JSON API.

const text = (value: unknown): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(value, null, 2) }],
});

/** Runs a tool; expected refusals become an error result with their message, never raw text. */
async function guarded(name: string, work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (err) {
    const message =
      err instanceof ApiError
        ? err.message
        : `Something went wrong on our side (reference ${reportError(err, { method: 'MCP', path: name })}).`;
    return { content: [{ type: 'text', text: message }], isError: true };
  }
}

const meetingId = z.uuid({ error: 'meetingId must be a meeting id (UUID).' });
const filters = {
  teamId: z.uuid().optional().describe('Only meetings of this team'),
  type: z.enum(MEETING_TYPES).optional().describe('Only meetings of this type'),
  from: z.iso.datetime({ offset: true }).optional().describe('Spoken at or after (ISO 8601)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Spoken before (ISO 8601)'),
};
const dates = (f: { from?: string | undefined; to?: string | undefined }) => ({
  ...(f.from ? { from: new Date(f.from) } : {}),
  ...(f.to ? { to: new Date(f.to) } : {}),
});

export async function meetingDetail(db: Db, principal: UserPrincipal, id: string) {
  const access = await authorizeMeeting(db, principal, id, 'read');
  const [pm, highlights, lines] = await Promise.all([
    postmeetingView(db, access.meeting.id),
    listHighlights(db, access.meeting.id),
    listSegments(db, access.meeting.id),
  ]);
  return {
    meeting: toApiMeeting(access.meeting),
    summary: pm.summary,
    actionItems: pm.actionItems,
    metrics: pm.data,
    highlights: highlights.map((h) => ({ atMs: h.at_ms, author: h.author_name, note: h.note })),
    talkTime: talkTime(lines.map(toApiSegment)).map((t) => ({
      speaker: t.name,
      ms: t.ms,
      share: Math.round(t.share * 1000) / 1000,
      turns: t.turns,
      longestTurnMs: t.longestTurnMs,
    })),
    postmeeting: pm.run ? { run: pm.run.number, status: pm.run.status } : null,
  };
}

export function registerTools(server: McpServer, db: Db, principal: UserPrincipal): void {
  server.registerTool(
    'search_meetings',
    {
      title: 'Search meetings',
      description:
        'Full-text (and semantic, when configured) search over the transcripts of every meeting you may see. Returns passages with the meeting, speaker, time and a link.',
      inputSchema: {
        query: z.string().min(1).max(500).describe('Words to look for ("quotes" for a phrase)'),
        limit: z.number().int().min(1).max(50).default(10),
        ...filters,
      },
      annotations: { readOnlyHint: true },
    },
    ({ query, limit, teamId, type, ...f }) =>
      guarded('search_meetings', async () => {
        const r = await searchFor(db, principal, {
          q: query,
          limit,
          offset: 0,
          sort: 'relevance',
          ...(teamId ? { teamId } : {}),
          ...(type ? { type } : {}),
          ...dates(f),
        });
        return text({
          hits: r.items.map((h) => ({
            meetingId: h.meetingId,
            meetingTitle: h.meetingTitle,
            speaker: h.speaker,
            startMs: h.startMs,
            spokenAt: h.spokenAt,
            text: h.snippet.map((p) => p.text).join(''),
            url: h.url,
          })),
        });
      }),
  );

  server.registerTool(
    'get_meeting',
    {
      title: 'Get a meeting',
      description:
        'One meeting: its details, summary (overview, key points, decisions, open questions), action items, the metrics extracted from it, the moments people marked (highlights) and who spoke how much (talk time).',
      inputSchema: { meetingId },
      annotations: { readOnlyHint: true },
    },
    ({ meetingId: id }) =>
      guarded('get_meeting', async () => text(await meetingDetail(db, principal, id))),
  );

  server.registerTool(
    'get_transcript',
    {
      title: 'Get a transcript',
      description:
        'A page of a meeting transcript in speaking order. Pass nextOffset from the previous page to continue.',
      inputSchema: {
        meetingId,
        offset: z.number().int().min(0).max(1_000_000).default(0),
        limit: z.number().int().min(1).max(500).default(200),
      },
      annotations: { readOnlyHint: true },
    },
    ({ meetingId: id, offset, limit }) =>
      guarded('get_transcript', async () => {
        const access = await authorizeMeeting(db, principal, id, 'read');
        const page = await listSegmentsPage(db, access.meeting.id, { offset, limit });
        const next = offset + page.items.length;
        return text({
          meetingId: access.meeting.id,
          total: page.total,
          nextOffset: next < page.total ? next : null,
          lines: page.items.map((s) => ({
            id: s.segment_id,
            speaker: s.speaker_name,
            startMs: s.start_ms,
            endMs: s.end_ms,
            text: s.text,
          })),
        });
      }),
  );

  server.registerTool(
    'list_action_items',
    {
      title: 'List action items',
      description:
        'Action items of one meeting, or across every meeting you may see when no meetingId is given (open ones by due date; assignee "me" for yours). Owner, due date, status and the moment it was said.',
      inputSchema: {
        meetingId: meetingId.optional(),
        assignee: z
          .enum(ACTION_ITEM_ASSIGNEES)
          .default('anyone')
          .describe('Without meetingId: "me" for the items assigned to you'),
        status: z
          .enum(ACTION_ITEM_LIST_STATUSES)
          .default('open')
          .describe('Without meetingId: open, done or all'),
        limit: z.number().int().min(1).max(200).default(50).describe('Without meetingId: at most'),
      },
      annotations: { readOnlyHint: true },
    },
    ({ meetingId: id, assignee, status, limit }) =>
      guarded('list_action_items', async () => {
        const entry = (m: { id: string; title: string }, a: ApiActionItem) => ({
          id: a.id,
          meetingId: m.id,
          meetingTitle: m.title,
          text: a.text,
          owner: a.owner,
          dueDate: a.dueDate,
          status: a.status,
          startMs: a.startMs,
        });
        if (!id) {
          const list = await listActionItemsFor(db, principal, {
            assignee,
            status,
            limit,
            offset: 0,
          });
          return text({
            actionItems: list.items.map((a) => entry(a.meeting, a)),
            more: list.nextOffset !== null,
          });
        }
        const m = (await authorizeMeeting(db, principal, id, 'read')).meeting;
        const items = (await listActionItems(db, m.id)).filter((a) => a.review !== 'rejected');
        return text({ actionItems: items.map((a) => entry(m, toApiActionItem(a))) });
      }),
  );

  server.registerTool(
    'set_action_item_status',
    {
      title: 'Mark an action item done or open',
      description:
        "Marks one action item (its id and meeting from list_action_items) done, or open again. Anyone who may edit the meeting's action items may (its team's members).",
      inputSchema: {
        meetingId,
        itemId: z.uuid({ error: 'itemId must be an action item id (UUID).' }),
        status: z.enum(['open', 'done']).describe('done, or open to reopen it'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    ({ meetingId: id, itemId, status }) =>
      guarded('set_action_item_status', async () => {
        const access = await authorizeMeeting(db, principal, id, 'edit_action_items');
        const item = await updateActionItemFor(db, access, principal, itemId, { status });
        return text({ actionItem: { id: item.id, text: item.text, status: item.status } });
      }),
  );

  server.registerTool(
    'ask_meetings',
    {
      title: 'Ask your meetings',
      description:
        'A question answered from the meetings you may see, with numbered citations [n] to the passages (meeting, speaker, moment, link). Without a configured model, the top passages.',
      inputSchema: { question: z.string().min(1).max(2000), ...filters },
      annotations: { readOnlyHint: true },
    },
    ({ question, teamId, type, ...f }) =>
      guarded('ask_meetings', async () => {
        const r = await askFor(db, principal, {
          question,
          filters: { ...(teamId ? { teamId } : {}), ...(type ? { type } : {}), ...dates(f) },
        });
        return text({
          mode: r.mode,
          answer: r.answer,
          citations: r.passages.map((p, i) => ({
            n: i + 1,
            meetingId: p.meetingId,
            meetingTitle: p.meetingTitle,
            speaker: p.speaker,
            startMs: p.startMs,
            text: p.snippet.map((s) => s.text).join(''),
            url: p.url,
          })),
        });
      }),
  );
}
