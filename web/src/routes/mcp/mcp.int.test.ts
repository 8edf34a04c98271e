/**
 * Integration: the MCP server at /mcp through the built web server, Postgres and Redis, driven by
 * the SDK's own client over Streamable HTTP with personal API tokens: the tools and resources see
 * exactly what the token's owner may see; a foreign meeting, a revoked token, a browser session
 * or no token are refused.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  addHighlight,
  insertSegments,
  replaceActionItems,
  replaceExtractions,
  upsertSummary,
} from '@parley/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signupUser, startTestServer, type TestServer } from '#lib/server/testing/server.ts';

let s: TestServer;
let ownerToken: string;
let ownerTokenId: string;
let strangerToken: string;
let ownerCookie: string;
let meetingId: string;
const clients: Client[] = [];

async function token(cookie: string) {
  const r = await call(s.base, 'POST', '/api/me/tokens', { cookie, json: { name: 'mcp' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { token: String(r.body.token), id: (r.body.apiToken as { id: string }).id };
}

async function connect(headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'parley-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${s.base}/mcp`), { requestInit: { headers } }),
  );
  clients.push(client);
  return client;
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

function json(r: unknown): Record<string, unknown> {
  const c = (r as CallToolResult).content[0];
  if (c?.type !== 'text') throw new Error('no text content');
  return JSON.parse(c.text) as Record<string, unknown>;
}

const LINES = [
  ['ada', 'Ada', 'Welcome, today we review the Acme numbers.'],
  ['bob', 'Bob', 'Our monthly churn dropped to two percent.'],
  ['ada', 'Ada', 'Great. Bob, please send the cohort sheet by Friday.'],
  ['bob', 'Bob', 'Will do, the cohort sheet by Friday.'],
  ['ada', 'Ada', 'We decided to hire a second support engineer.'],
] as const;

beforeAll(async () => {
  s = await startTestServer('web-mcp', { ASK_LLM: 'off' });
  const owner = await signupUser(s.base, 'Owner');
  const stranger = await signupUser(s.base, 'Stranger');
  ownerCookie = owner.cookie;
  ({ token: ownerToken, id: ownerTokenId } = await token(owner.cookie));
  strangerToken = (await token(stranger.cookie)).token;
  const m = await call(s.base, 'POST', '/api/meetings', {
    cookie: owner.cookie,
    json: { title: 'Acme review', type: 'general' },
  });
  meetingId = (m.body.meeting as { id: string }).id;
  const start = Date.now() - 3_600_000;
  await insertSegments(
    s.db,
    LINES.map(([identity, name, text], i) => ({
      meeting_id: meetingId,
      segment_id: `seg-${i}`,
      speaker_identity: identity,
      speaker_name: name,
      track_id: `TR_${identity}`,
      text,
      start_ms: i * 5000,
      end_ms: i * 5000 + 4000,
      spoken_at: new Date(start + i * 5000),
      language: 'en',
    })),
  );
  await upsertSummary(s.db, {
    meetingId,
    run: 1,
    source: 'extractive',
    overview: 'Churn fell; a support hire was decided.',
    keyPoints: [{ text: 'Churn is two percent.', segmentId: 'seg-1', startMs: 5000 }],
    decisions: [{ text: 'Hire a second support engineer.', segmentId: 'seg-4', startMs: 20000 }],
    openQuestions: [],
  });
  await replaceActionItems(s.db, meetingId, 1, [
    {
      text: 'Send the cohort sheet',
      ownerIdentity: 'bob',
      ownerName: 'Bob',
      dueDate: '2026-12-11',
      dueText: 'by Friday',
      segmentId: 'seg-2',
      startMs: 10000,
      source: 'rules',
    },
  ]);
  await addHighlight(s.db, {
    meetingId,
    atMs: 20_000,
    userId: owner.id,
    authorName: 'Owner',
    note: 'The hiring decision',
  });
  await replaceExtractions(s.db, meetingId, 1, [
    {
      fieldId: 'churn',
      label: 'Churn',
      type: 'percent',
      value: '2%',
      unit: null,
      segmentId: 'seg-1',
      startMs: 5000,
      source: 'rules',
    },
  ]);
}, 60_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await s?.stop();
});

describe('MCP server', () => {
  it('lists its tools and the owner’s meetings as resources', async () => {
    const c = await connect(bearer(ownerToken));
    const tools = (await c.listTools()).tools.map((t) => t.name).sort();
    expect(tools).toEqual([
      'ask_meetings',
      'get_meeting',
      'get_transcript',
      'list_action_items',
      'search_meetings',
      'set_action_item_status',
    ]);
    const res = await c.listResources();
    expect(res.resources.map((r) => r.uri)).toContain(`parley://meetings/${meetingId}`);
    const read = await c.readResource({ uri: `parley://meetings/${meetingId}` });
    const first = read.contents[0];
    expect(first && 'text' in first ? JSON.parse(first.text) : null).toMatchObject({
      meeting: { id: meetingId, title: 'Acme review' },
      summary: { overview: 'Churn fell; a support hire was decided.' },
    });
  });

  it('search, meeting, paged transcript, action items and a cited answer', async () => {
    const c = await connect(bearer(ownerToken));
    const hits = json(await c.callTool({ name: 'search_meetings', arguments: { query: 'churn' } }));
    expect(hits.hits).toEqual([
      expect.objectContaining({ meetingId, speaker: 'Bob', startMs: 5000 }),
    ]);

    const m = json(await c.callTool({ name: 'get_meeting', arguments: { meetingId } }));
    expect(m).toMatchObject({
      meeting: { id: meetingId },
      summary: {
        decisions: [expect.objectContaining({ text: 'Hire a second support engineer.' })],
      },
      actionItems: [expect.objectContaining({ text: 'Send the cohort sheet' })],
      metrics: [expect.objectContaining({ label: 'Churn', value: '2%' })],
      highlights: [{ atMs: 20_000, author: 'Owner', note: 'The hiring decision' }],
      talkTime: [
        { speaker: 'Ada', ms: 12_000, share: 0.6, turns: 3, longestTurnMs: 4000 },
        { speaker: 'Bob', ms: 8000, share: 0.4, turns: 2, longestTurnMs: 4000 },
      ],
    });

    const p1 = json(
      await c.callTool({ name: 'get_transcript', arguments: { meetingId, limit: 2 } }),
    );
    expect(p1).toMatchObject({ total: 5, nextOffset: 2 });
    expect((p1.lines as { text: string }[]).map((l) => l.text)).toEqual([LINES[0][2], LINES[1][2]]);
    const p3 = json(
      await c.callTool({ name: 'get_transcript', arguments: { meetingId, offset: 4, limit: 2 } }),
    );
    expect(p3).toMatchObject({ total: 5, nextOffset: null });

    const items = json(await c.callTool({ name: 'list_action_items', arguments: {} }));
    expect(items.actionItems).toEqual([
      expect.objectContaining({ meetingId, owner: 'Bob', dueDate: '2026-12-11', status: 'open' }),
    ]);
    // Across meetings, "me" is what is assigned to the token's owner (the item is Bob's).
    const mine = json(
      await c.callTool({ name: 'list_action_items', arguments: { assignee: 'me' } }),
    );
    expect(mine).toEqual({ actionItems: [], more: false });
    const done = json(
      await c.callTool({ name: 'list_action_items', arguments: { status: 'done' } }),
    );
    expect(done.actionItems).toEqual([]);
    // Marked done through the tool (with the id the list gives), then open again.
    const [first] = items.actionItems as { id: string; text: string }[];
    const set = (status: string) =>
      c.callTool({
        name: 'set_action_item_status',
        arguments: { meetingId, itemId: first?.id ?? '', status },
      });
    expect(json(await set('done'))).toEqual({
      actionItem: { id: first?.id, text: first?.text, status: 'done' },
    });
    expect(
      json(await c.callTool({ name: 'list_action_items', arguments: { status: 'done' } }))
        .actionItems,
    ).toEqual([expect.objectContaining({ id: first?.id, status: 'done' })]);
    expect(json(await set('open'))).toMatchObject({ actionItem: { status: 'open' } });
    const unknown = (await c.callTool({
      name: 'set_action_item_status',
      arguments: { meetingId, itemId: crypto.randomUUID(), status: 'done' },
    })) as CallToolResult;
    expect([unknown.isError, JSON.stringify(unknown.content)]).toEqual([
      true,
      expect.stringContaining('Action item not found.'),
    ]);

    const ask = json(
      await c.callTool({ name: 'ask_meetings', arguments: { question: 'cohort sheet' } }),
    );
    expect(ask.mode).toBe('passages');
    const cited = ask.citations as { n: number; meetingId: string; url: string }[];
    expect(cited[0]).toMatchObject({ n: 1, meetingId });
    expect(cited[0]?.url).toContain(meetingId);
  });

  it("another user's token sees nothing of the meeting", async () => {
    const c = await connect(bearer(strangerToken));
    for (const [name, args] of [
      ['get_meeting', { meetingId }],
      ['get_transcript', { meetingId }],
      ['list_action_items', { meetingId }],
      ['set_action_item_status', { meetingId, itemId: meetingId, status: 'done' }],
    ] as const) {
      const r = (await c.callTool({ name, arguments: args })) as CallToolResult;
      expect(r.isError, name).toBe(true);
      expect(JSON.stringify(r.content)).toContain('Meeting not found.');
      expect(JSON.stringify(r.content)).not.toContain('churn');
    }
    expect(
      json(await c.callTool({ name: 'search_meetings', arguments: { query: 'churn' } })).hits,
    ).toEqual([]);
    expect(
      json(await c.callTool({ name: 'list_action_items', arguments: {} })).actionItems,
    ).toEqual([]);
    expect((await c.listResources()).resources).toEqual([]);
    await expect(c.readResource({ uri: `parley://meetings/${meetingId}` })).rejects.toThrow(
      /not found/i,
    );
    const bad = (await c.callTool({
      name: 'get_meeting',
      arguments: { meetingId: 'nope' },
    })) as CallToolResult;
    expect(bad.isError).toBe(true);
  });

  it('refuses no token, a browser session and a revoked token', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${s.base}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    const none = await post({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post({ cookie: ownerCookie })).status).toBe(401);
    expect((await post(bearer('parley_pat_' + 'x'.repeat(43)))).status).toBe(401);

    const c = await connect(bearer(ownerToken));
    const del = await call(s.base, 'DELETE', `/api/me/tokens/${ownerTokenId}`, {
      cookie: ownerCookie,
    });
    expect(del.status).toBe(204);
    await expect(c.listTools()).rejects.toThrow(/401|invalid_token/);
    await expect(connect(bearer(ownerToken))).rejects.toThrow(/401|invalid_token/);
  });
});
