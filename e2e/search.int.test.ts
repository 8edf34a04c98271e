/**
 * Integration: after a meeting — room_finished queues the post-meeting chain, a worker builds the
 * summary, action items and index; search finds a spoken phrase and opens the right moment;
 * another user finds nothing; "ask" cites only visible passages; odd queries never 500; meeting
 * and account deletion remove the vectors; team deletion moves them to the owners'. Built server + Postgres + Redis; Pinecone, embeddings
 * and the chat model are local fakes speaking their real protocols.
 */
import { createHash } from 'node:crypto';
import { createIndexing } from '@parley/services/indexing';
import { startPostmeetingWorker } from '@parley/agent/postmeeting';
import { insertSegments, type NewTranscriptSegment } from '@parley/db';
import type { Worker } from 'bullmq';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  devEnv,
  signupUser,
  startTestServer,
  type Caller,
  type TestServer,
} from '../web/src/lib/server/testing/server.ts';
import {
  startFakeEmbeddings,
  startFakeChatServer,
  startFakePinecone,
  type FakeChatServer,
  type FakeEmbeddingsServer,
  type FakePinecone,
} from '@parley/services/testing';

const KEY = devEnv.LIVEKIT_API_KEY ?? '';
const SECRET = devEnv.LIVEKIT_API_SECRET ?? '';
const PREFIX = `parley-test-search-${process.pid}-${Date.now()}`;

let s: TestServer;
let pinecone: FakePinecone;
let embeddings: FakeEmbeddingsServer;
let chat: FakeChatServer;
let worker: Worker;
const api = (method: string, path: string, opts: Parameters<typeof call>[3] = {}) =>
  call(s.base, method, path, opts);

beforeAll(async () => {
  pinecone = await startFakePinecone();
  embeddings = await startFakeEmbeddings(48);
  chat = await startFakeChatServer();
  const env = {
    POSTMEETING_QUEUE_PREFIX: PREFIX,
    EMBEDDINGS_PROVIDER: 'openai',
    EMBEDDINGS_API_KEY: 'test',
    EMBEDDINGS_BASE_URL: embeddings.baseURL,
    EMBEDDINGS_DIMENSIONS: '48',
    VECTOR_STORE: 'pinecone',
    PINECONE_API_KEY: pinecone.apiKey,
    PINECONE_INDEX_HOST: pinecone.host,
    LLM_API_KEY: 'test',
    LLM_BASE_URL: chat.baseURL,
  };
  s = await startTestServer('web-search', env);
  const indexing = createIndexing(
    {
      embeddings: {
        provider: 'openai',
        apiKey: 'test',
        baseURL: embeddings.baseURL,
        model: 'm',
        dimensions: 48,
        sendDimensions: true,
      },
      vectorStore: { provider: 'pinecone', apiKey: pinecone.apiKey, indexHost: pinecone.host },
    },
    s.db,
  );
  worker = startPostmeetingWorker(
    { db: s.db, indexing },
    { redisUrl: devEnv.REDIS_URL ?? '', prefix: PREFIX },
  );
});

afterAll(async () => {
  await worker?.close();
  await s?.stop();
  await pinecone?.close();
  await embeddings?.close();
  await chat?.close();
});

async function postWebhook(payload: object): Promise<number> {
  const body = JSON.stringify(payload);
  const at = new AccessToken(KEY, SECRET);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  const res = await fetch(`${s.base}/api/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', authorization: await at.toJwt() },
    body,
  });
  return res.status;
}

const LINES: [string, string][] = [
  ['Ada', 'Thanks for joining, let us go through the numbers.'],
  ['Bob', 'Our monthly churn dropped to two percent after the onboarding redesign.'],
  ['Ada', 'Bob, can you send the cohort spreadsheet by Friday?'],
  ['Bob', "Sure, I'll send it by Friday."],
  ['Ada', 'The purple elephant pricing experiment doubled conversions.'],
  ['Ada', 'We decided to expand the pilot to three more customers.'],
];

async function heldMeeting(owner: Caller & { id: string }, teamId?: string) {
  const r = await api('POST', '/api/meetings', {
    ...owner,
    json: { title: 'Acme weekly', type: 'investment_screening', ...(teamId ? { teamId } : {}) },
  });
  expect(r.status).toBe(201);
  const m = r.body.meeting as { id: string; roomName: string };
  const start = new Date(Date.now() - 10 * 60_000);
  const segs: NewTranscriptSegment[] = LINES.map(([who, text], i) => ({
    meeting_id: m.id,
    segment_id: `seg-${i}`,
    speaker_identity: who === 'Ada' ? owner.id : 'guest-bob',
    speaker_name: who,
    track_id: `TR_${who}`,
    text,
    start_ms: 30_000 + i * 7_000,
    end_ms: 30_000 + i * 7_000 + 6_000,
    spoken_at: new Date(start.getTime() + 30_000 + i * 7_000),
    language: 'en',
  }));
  await insertSegments(s.db, segs);
  const now = Math.floor(Date.now() / 1000);
  const room = { sid: `RM_${m.id.slice(0, 8)}`, name: m.roomName };
  expect(
    await postWebhook({
      event: 'room_started',
      id: `EV_${m.id}_s`,
      createdAt: String(now - 600),
      room,
    }),
  ).toBe(200);
  expect(
    await postWebhook({ event: 'room_finished', id: `EV_${m.id}_f`, createdAt: String(now), room }),
  ).toBe(200);
  return m;
}

async function waitDone(c: Caller, meetingId: string) {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await api('GET', `/api/meetings/${meetingId}/postmeeting`, c);
    const run = r.body.run as { status: string } | null;
    if (run?.status === 'done') return r.body;
    if (run?.status === 'failed' || Date.now() > until) {
      throw new Error(`post-meeting run: ${JSON.stringify(r.body.run)}`);
    }
    await new Promise((res) => setTimeout(res, 200));
  }
}

interface Hit {
  meetingId: string;
  startMs: number;
  url: string;
  speaker: string;
  matchedBy: string[];
  snippet: { text: string; hit: boolean }[];
}

describe('after the meeting', () => {
  let owner: Awaited<ReturnType<typeof signupUser>>;
  let stranger: Awaited<ReturnType<typeof signupUser>>;
  let meetingId: string;

  beforeAll(async () => {
    owner = await signupUser(s.base, 'Ada');
    stranger = await signupUser(s.base, 'Eve');
    meetingId = (await heldMeeting({ cookie: owner.cookie, id: owner.id })).id;
  });

  it('room_finished → summary, action items and data exist; progress is visible', async () => {
    chat.mode = 'malformed'; // the web's "ask" model; the worker here runs offline
    const view = await waitDone({ cookie: owner.cookie }, meetingId);
    const summary = view.summary as { decisions: { text: string; startMs: number }[] };
    expect(summary.decisions.map((d) => d.text)).toEqual([
      'We decided to expand the pilot to three more customers.',
    ]);
    const items = view.actionItems as { text: string; owner: string; dueDate: string | null }[];
    // Bob's "I'll send it by Friday" accepts Ada's request: one item, not two.
    expect(items.map((i) => i.owner)).toEqual(['Bob']);
    expect(items.every((i) => i.dueDate !== null)).toBe(true);
    expect(
      (view.data as { id: string; value: string }[]).find((d) => d.id === 'churn')?.value,
    ).toBe('2%');
    const steps = (view.run as { steps: Record<string, { status: string; source: string }> }).steps;
    expect(steps.index?.source).toBe('openai+pinecone');
    expect(pinecone.namespaces.get(`user-${owner.id}`)?.size).toBe(LINES.length);

    const page = await fetch(`${s.base}/meetings/${meetingId}`, {
      headers: { cookie: owner.cookie },
    });
    const html = await page.text();
    expect(html).toContain('data-testid="postmeeting"');
    expect(html).toContain('expand the pilot');

    const md = await fetch(`${s.base}/api/meetings/${meetingId}/postmeeting/export`, {
      headers: { cookie: owner.cookie },
    });
    expect(md.headers.get('content-type')).toContain('text/markdown');
    const text = await md.text();
    expect(text).toContain('## Action items');
    expect(text).toContain(`/meetings/${meetingId}?t=`);
  });

  it('a spoken phrase is found and opens the meeting at that moment', async () => {
    const r = await api('GET', `/api/search?q=${encodeURIComponent('"purple elephant"')}`, {
      cookie: owner.cookie,
    });
    expect(r.status).toBe(200);
    const items = r.body.items as Hit[];
    expect(items[0]?.meetingId).toBe(meetingId);
    expect(items[0]?.startMs).toBe(30_000 + 4 * 7_000);
    expect(items[0]?.url).toBe(`/meetings/${meetingId}?t=${30_000 + 4 * 7_000}`);
    expect(items[0]?.matchedBy).toContain('text');
    expect(items[0]?.snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase())).toEqual([
      'purple',
      'elephant',
    ]);
    expect(r.body.semantic).toBe(true);

    const page = await fetch(`${s.base}${items[0]?.url ?? ''}`, {
      headers: { cookie: owner.cookie },
    });
    const html = await page.text();
    const current = /data-testid="moment-current"[^>]*>([\s\S]*?)<\/li>/.exec(html)?.[1] ?? '';
    expect(current).toContain('purple elephant pricing experiment');

    // The search page renders the same hit.
    const sp = await fetch(`${s.base}/search?q=elephant`, { headers: { cookie: owner.cookie } });
    expect(await sp.text()).toContain(`/meetings/${meetingId}?t=${30_000 + 4 * 7_000}`);
  });

  it('sort=newest lists the text matches, most recent first', async () => {
    const r = await api('GET', `/api/search?q=friday&sort=newest`, { cookie: owner.cookie });
    expect(r.status).toBe(200);
    const items = r.body.items as (Hit & { spokenAt: string })[];
    expect(items.map((h) => h.startMs)).toEqual([30_000 + 3 * 7_000, 30_000 + 2 * 7_000]);
    expect(items.every((h) => h.matchedBy.join() === 'text')).toBe(true);
    expect(r.body.semantic).toBe(false);
    const sp = await fetch(`${s.base}/search?q=friday&sort=newest`, {
      headers: { cookie: owner.cookie },
    });
    expect(await sp.text()).toMatch(/<option value="newest"[^>]*selected/);
  });

  it('filters narrow the hits', async () => {
    const q = (extra: string) =>
      api('GET', `/api/search?q=churn${extra}`, { cookie: owner.cookie }).then(
        (r) => (r.body.items as Hit[]).filter((h) => h.matchedBy.includes('text')).length,
      );
    expect(await q('')).toBe(1);
    expect(await q('&speaker=Bob')).toBe(1);
    expect(await q('&speaker=Ada')).toBe(0);
    expect(await q('&type=sales')).toBe(0);
    expect(await q('&from=2999-01-01')).toBe(0);
  });

  it('a user from another team finds nothing, cannot read or re-run, and asks in vain', async () => {
    for (const q of ['purple elephant', 'churn', 'cohort spreadsheet']) {
      const r = await api('GET', `/api/search?q=${encodeURIComponent(q)}`, {
        cookie: stranger.cookie,
      });
      expect(r.status).toBe(200);
      expect(r.body.items).toEqual([]);
    }
    expect(
      (await api('GET', `/api/meetings/${meetingId}/postmeeting`, { cookie: stranger.cookie }))
        .status,
    ).toBe(404);
    expect(
      (await api('POST', `/api/meetings/${meetingId}/postmeeting`, { cookie: stranger.cookie }))
        .status,
    ).toBe(404);
    expect(
      (
        await api('GET', `/api/meetings/${meetingId}/postmeeting/export`, {
          cookie: stranger.cookie,
        })
      ).status,
    ).toBe(404);
    chat.mode = 'normal';
    chat.payload = { answer: `It is in meeting [1].`, citations: [1] };
    const a = await api('POST', '/api/ask', {
      cookie: stranger.cookie,
      json: { question: 'what about the purple elephant?' },
    });
    expect(a.status).toBe(200);
    expect(a.body.passages).toEqual([]);
    expect(a.body.mode).toBe('passages');
    expect((await api('GET', '/api/search?q=churn')).status).toBe(401);
  });

  it('ask: a grounded answer whose citations link to visible moments only', async () => {
    chat.mode = 'normal';
    chat.payload = { answer: 'Churn fell to 2% [1] after the redesign [7].', citations: [1, 7] };
    const a = await api('POST', '/api/ask', {
      cookie: owner.cookie,
      json: { question: 'What happened to churn?' },
    });
    expect(a.status).toBe(200);
    expect(a.body.mode).toBe('llm');
    expect(a.body.answer).toBe('Churn fell to 2% [1] after the redesign .');
    const passages = a.body.passages as Hit[];
    expect(passages[0]?.meetingId).toBe(meetingId);
    // The model saw only the owner's passages.
    const prompt = chat.requests.at(-1)?.messages[1]?.content ?? '';
    expect(prompt).toContain('[1] Acme weekly');
    chat.mode = 'malformed';
    const b = await api('POST', '/api/ask', { cookie: owner.cookie, json: { question: 'churn?' } });
    expect(b.body).toMatchObject({ mode: 'passages', fallback: true, answer: null });
    expect((b.body.passages as Hit[]).length).toBeGreaterThan(0);
    expect(
      (await api('POST', '/api/ask', { cookie: owner.cookie, json: { question: '' } })).status,
    ).toBe(422);
  });

  it('odd queries are answered, never a 500', async () => {
    const c = { cookie: owner.cookie };
    for (const q of [
      'the of and',
      '"',
      '-',
      'or',
      '!!! & | :* ( ) <script>',
      "'; drop table meetings; --",
      'привет 你好 🙂',
      'x'.repeat(10_000),
      '%00churn',
    ]) {
      const r = await api('GET', `/api/search?q=${encodeURIComponent(q)}`, c);
      expect(r.status, q.slice(0, 40)).toBe(200);
      expect(Array.isArray(r.body.items)).toBe(true);
    }
    expect((await api('GET', '/api/search?q=the%20of%20and', c)).body.items).toEqual([]);
    const long = await api('GET', `/api/search?q=${'x'.repeat(10_001)}`, c);
    expect(long.status).toBe(422);
    expect(long.body.error?.fields?.q).toBeDefined();
    expect((await api('GET', '/api/search', c)).status).toBe(422);
    expect(
      (await api('GET', '/api/search?q=a&type=nope', c)).body.error?.fields?.type,
    ).toBeDefined();
    expect(
      (await api('GET', '/api/search?q=a&from=yesterday', c)).body.error?.fields?.from,
    ).toBeDefined();
    expect((await api('GET', '/api/search?q=a&limit=0', c)).status).toBe(422);
    const badSort = await api('GET', '/api/search?q=a&sort=oldest', c);
    expect(badSort.status).toBe(422);
    expect(badSort.body.error?.fields?.sort).toBe('sort must be one of: relevance, newest.');
    for (const q of ['"churn', '-churn', 'churn -"monthly churn"', 'x'.repeat(10_000)]) {
      const r = await api('GET', `/api/search?q=${encodeURIComponent(q)}&sort=newest`, c);
      expect(r.status, q.slice(0, 40)).toBe(200);
    }
  });

  it('hosts re-run (results replaced, no duplicates); deleting the meeting removes its vectors', async () => {
    const c = { cookie: owner.cookie };
    const r = await api('POST', `/api/meetings/${meetingId}/postmeeting`, c);
    expect(r.status).toBe(202);
    expect((r.body.run as { number: number }).number).toBe(2);
    const again = await api('POST', `/api/meetings/${meetingId}/postmeeting`, c);
    expect([409, 202]).toContain(again.status);
    const view = await waitDone(c, meetingId);
    expect((view.actionItems as unknown[]).length).toBe(1);
    expect(pinecone.namespaces.get(`user-${owner.id}`)?.size).toBe(LINES.length);
    const del = await api('DELETE', `/api/meetings/${meetingId}`, c);
    expect(del.status).toBeLessThan(300);
    expect(pinecone.namespaces.get(`user-${owner.id}`)?.size).toBe(0);
  });
});

describe('account deletion', () => {
  it("removes the vectors of the account's meetings from the vector store", async () => {
    const user = await signupUser(s.base, 'Ada');
    const c = { cookie: user.cookie };
    const m = await heldMeeting({ cookie: user.cookie, id: user.id });
    await waitDone(c, m.id);
    expect(pinecone.namespaces.get(`user-${user.id}`)?.size).toBe(LINES.length);
    const del = await api('DELETE', '/api/me', { ...c, json: { password: user.password } });
    expect(del.status).toBe(200);
    expect(del.body.deletedMeetings).toBe(1);
    expect(pinecone.namespaces.get(`user-${user.id}`)?.size ?? 0).toBe(0);
  });
});

describe('team deletion', () => {
  it("moves its meetings' vectors to their owners' namespaces, where search finds them", async () => {
    const user = await signupUser(s.base, 'Ada');
    const c = { cookie: user.cookie };
    const t = await api('POST', '/api/teams', { ...c, json: { name: 'Vector team' } });
    expect(t.status).toBe(201);
    const teamId = (t.body.team as { id: string }).id;
    const m = await heldMeeting({ cookie: user.cookie, id: user.id }, teamId);
    await waitDone(c, m.id);
    expect(pinecone.namespaces.get(`team-${teamId}`)?.size).toBe(LINES.length);
    expect(pinecone.namespaces.get(`user-${user.id}`)?.size ?? 0).toBe(0);

    const del = await api('DELETE', `/api/teams/${teamId}`, c);
    expect(del.status).toBeLessThan(300);
    expect(pinecone.namespaces.get(`team-${teamId}`)?.size ?? 0).toBe(0);
    expect(pinecone.namespaces.get(`user-${user.id}`)?.size).toBe(LINES.length);
    // The meeting is the owner's own now, and its vectors answer there.
    const r = await api('GET', `/api/search?q=${encodeURIComponent('pricing experiment')}`, c);
    const hits = r.body.items as Hit[];
    expect(hits.find((h) => h.meetingId === m.id)?.matchedBy).toContain('meaning');
  });
});

describe('transcript corrections', () => {
  it('re-embed the corrected line at once and drop a merged-away line’s vector', async () => {
    const user = await signupUser(s.base, 'Ada');
    const c = { cookie: user.cookie };
    const m = await heldMeeting({ cookie: user.cookie, id: user.id });
    await waitDone(c, m.id);
    const vectors = () => pinecone.namespaces.get(`user-${user.id}`);
    const rowOf = async (segmentId: string) =>
      (
        await s.db
          .selectFrom('transcript_segments')
          .select('id')
          .where('meeting_id', '=', m.id)
          .where('segment_id', '=', segmentId)
          .executeTakeFirstOrThrow()
      ).id;
    const row4 = await rowOf('seg-4');
    const before = vectors()?.get(row4)?.values;
    expect(before).toBeDefined();

    const edit = await api('PATCH', `/api/meetings/${m.id}/transcript/segments/seg-4`, {
      ...c,
      json: { text: 'The zebra crossing pricing experiment doubled conversions.', version: 1 },
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(vectors()?.get(row4)?.values).not.toEqual(before);
    const hits = await api('GET', '/api/search?q=zebra', c);
    expect((hits.body.items as Hit[]).map((h) => h.meetingId)).toContain(m.id);

    // seg-4 and seg-5 are both Ada's: merged, seg-5's vector goes.
    const row5 = await rowOf('seg-5');
    const merge = await api('POST', `/api/meetings/${m.id}/transcript/segments/seg-4/merge`, {
      ...c,
      json: { version: 2, nextSegmentId: 'seg-5' },
    });
    expect(merge.status, JSON.stringify(merge.body)).toBe(200);
    expect(vectors()?.has(row5)).toBe(false);
    expect(vectors()?.size).toBe(LINES.length - 1);
  });
});

describe('one meeting ("Ask about this meeting")', () => {
  it('search and ask keep to the meeting named, by text and by meaning, if it is visible', async () => {
    const user = await signupUser(s.base, 'Ada');
    const other = await signupUser(s.base, 'Eve');
    const c = { cookie: user.cookie };
    const first = await heldMeeting({ cookie: user.cookie, id: user.id });
    const second = await heldMeeting({ cookie: user.cookie, id: user.id });
    await waitDone(c, first.id);
    await waitDone(c, second.id);
    const meetingsOf = (items: unknown) => new Set((items as Hit[]).map((h) => h.meetingId));

    const all = await api('GET', '/api/search?q=churn', c);
    expect(meetingsOf(all.body.items)).toEqual(new Set([first.id, second.id]));
    const one = await api('GET', `/api/search?q=churn&meetingId=${second.id}`, c);
    expect(one.status).toBe(200);
    expect(meetingsOf(one.body.items)).toEqual(new Set([second.id]));
    // By meaning too: semantic hits come only from the meeting named.
    expect((one.body.items as Hit[]).some((h) => h.matchedBy.includes('meaning'))).toBe(true);

    chat.mode = 'normal';
    chat.payload = { answer: 'Churn dropped to two percent [1].', citations: [1] };
    const asked = await api('POST', '/api/ask', {
      ...c,
      json: { question: 'What happened to churn?', filters: { meetingId: first.id } },
    });
    expect(asked.status).toBe(200);
    expect(asked.body.mode).toBe('llm');
    expect(meetingsOf(asked.body.passages)).toEqual(new Set([first.id]));

    // Someone who may not see it gets nothing from it; a bad id names the field.
    const foreign = await api('POST', '/api/ask', {
      cookie: other.cookie,
      json: { question: 'What happened to churn?', filters: { meetingId: first.id } },
    });
    expect(foreign.body.passages).toEqual([]);
    const bad = await api('GET', '/api/search?q=churn&meetingId=nope', c);
    expect([bad.status, Object.keys(bad.body.error?.fields ?? {})]).toEqual([422, ['meetingId']]);
  });
});
