// How soon the suggestions react to what was said, as people in the room see it, with the
// production defaults (debounce, LLM pacing of one full run per 10 s per room with template
// runs in between; nothing turned off for the bench). One person speaks eight lines, each about
// another investment-screening checklist item, so each should change the cards. Real LiveKit,
// real agent worker (local STT), flite speech; finals are matched to lines by text.
//
// Per line, measured from its end of speech (not from its final):
//   refresh   the first change of the cards shown after the line's final (a new card, or a card
//             the line covered taken away);
//   new card  the first card not shown before the line's final.
// A line is a miss when its cards did not change before the next line's final arrived (10 s
// for the last line), including a line that got no final at all. With the LLM engine (a local
// chat-completions server answering in --llm-ms), also per line: the first LLM card from a
// request whose prompt held the line (a miss when none did), and per LLM request the overhead
// beyond the server's time (request sent → its card at the subscriber, less --llm-ms).
//   pnpm bench suggestion-latency [--rounds 3] [--engines template,llm] [--llm-ms 800]
import { livekitConfigFromEnv, simulate } from '@parley/agent';
import { conversation, devEnv, fixturesDir, startAgentWorker } from '@parley/agent/testing';
import {
  openMeetingRoom,
  simulateRoomListener,
  startFakeChatServer,
  type FakeChatServer,
  type RoomListener,
} from '@parley/agent/testing/room';
import { createTestDatabase } from '@parley/db/testing';
import { benchArgs, recordArgs } from './lib/args.ts';
import { assignFinals, type SpokenLine } from './lib/match.ts';
import type { Benchmark } from './lib/run.ts';
import { spokenLines } from './lib/speakers.ts';
import { quantile, round } from './lib/stats.ts';

// Each line covers one investment-screening checklist item, so each changes the suggestions.
const LINES = [
  'Our founding team has deep experience in banking software.',
  'The market for this product is very large.',
  'Our revenue doubled last year.',
  'We keep growing every month.',
  'We burn a lot of cash each month.',
  'Customer acquisition is mostly through partners.',
  'Churn is under two percent.',
  'Our main competitor is much bigger than us.',
];

const WORDS = ['pricing', 'hiring', 'europe', 'security', 'roadmap', 'margin', 'support', 'board'];
const LLM_CARD = /^LLM question (\d+):/;
/** How long after its final the last line may still change the cards (an LLM run may wait 10 s). */
const LAST_LINE_MS = 12_000;

interface Card {
  id: string;
  text: string;
}

interface RoundResult {
  lines: number;
  /** Which lines (1-based) were misses, and why: no final, or no change of the cards. */
  missed: string[];
  refresh: number[];
  newCard: number[];
  misses: number;
  llm: number[];
  llmMisses: number;
  llmOverhead: number[];
  llmRequests: number;
}

const norm = (t: string) =>
  t
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function judge(
  listener: RoomListener,
  lines: SpokenLine[],
  chat: FakeChatServer | null,
  firstRequest: number,
  llmMs: number,
): RoundResult {
  const shown = listener.data
    .filter((d) => d.topic === 'parley.suggestions')
    .map((d) => ({
      at: d.receivedAt,
      cards: (d.json as { suggestions?: Card[] }).suggestions ?? [],
    }));
  const finals = listener.finals.filter((f) => f.identity !== listener.identity);
  // Each line's final: the last final of its text, after its end of speech.
  const { mine } = assignFinals(lines, finals);
  const lastFinal = lines.map((l, i) => {
    const f = mine[i]?.at(-1);
    return f && f.receivedAt >= l.endAt ? f : null;
  });
  const finalAt = lastFinal.map((f) => f?.receivedAt ?? null);
  const out: RoundResult = {
    lines: lines.length,
    missed: [],
    refresh: [],
    newCard: [],
    misses: 0,
    llm: [],
    llmMisses: 0,
    llmOverhead: [],
    llmRequests: 0,
  };
  lines.forEach((l, i) => {
    const at = finalAt[i];
    if (at === null || at === undefined) {
      out.misses++;
      out.missed.push(`${i + 1} (no final)`);
      if (chat) out.llmMisses++;
      return;
    }
    const until = finalAt.slice(i + 1).find((x) => x !== null) ?? at + LAST_LINE_MS;
    const before = new Set(
      shown
        .filter((s) => s.at < at)
        .at(-1)
        ?.cards.map((c) => c.id) ?? [],
    );
    const after = shown.filter((s) => s.at >= at && s.at < until);
    const changed = after.find(
      (s) => s.cards.length !== before.size || s.cards.some((c) => !before.has(c.id)),
    );
    const fresh = after.find((s) => s.cards.some((c) => !before.has(c.id)));
    if (changed) out.refresh.push(changed.at - l.endAt);
    else {
      out.misses++;
      out.missed.push(`${i + 1} (cards unchanged)`);
    }
    if (fresh) out.newCard.push(fresh.at - l.endAt);
  });
  if (!chat) return out;
  // LLM request n (1-based, counted over the whole run) answered "LLM question n: …".
  const cardAt = new Map<number, number>();
  for (const s of shown) {
    for (const c of s.cards) {
      const n = Number(LLM_CARD.exec(c.text)?.[1]);
      if (n && !cardAt.has(n)) cardAt.set(n, s.at);
    }
  }
  const requests = chat.requests.slice(firstRequest).map((r, k) => ({
    n: firstRequest + k + 1,
    at: r.at,
    prompt: norm(r.messages.map((m) => m.content).join('\n')),
  }));
  out.llmRequests = requests.length;
  for (const r of requests) {
    const got = cardAt.get(r.n);
    if (got !== undefined) out.llmOverhead.push(got - r.at - llmMs);
  }
  lines.forEach((l, i) => {
    const text = lastFinal[i]?.text;
    const r = text ? requests.find((q) => q.prompt.includes(norm(text))) : undefined;
    const got = r && cardAt.get(r.n);
    if (got === undefined) out.llmMisses++;
    else out.llm.push(got - l.endAt);
  });
  return out;
}

export default {
  async run(args, log) {
    const values = benchArgs(args, {
      rounds: { type: 'string', default: '3' },
      engines: { type: 'string', default: 'template,llm' },
      // The chat-completions server's answer time (ms).
      'llm-ms': { type: 'string', default: '800' },
    });
    const rounds = Math.max(1, Number(values.rounds));
    const llmMs = Number(values['llm-ms']);
    const engines = values.engines.split(',').filter((e) => e === 'template' || e === 'llm');
    recordArgs({
      stt_provider: 'local',
      scheduler: 'production defaults (SUGGESTIONS_DEBOUNCE_MS, SUGGESTIONS_LLM_INTERVAL_MS unset)',
      lines_per_round: LINES.length,
    });
    const env = devEnv();
    const lk = livekitConfigFromEnv(env);
    const talk = await conversation(
      LINES.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? 1_000 : 2_500 })),
      fixturesDir,
      'suggestion-latency',
    );
    const chat = await startFakeChatServer({ mode: 'slow', slowMs: llmMs });
    let n = 0;
    // Every answer is new (distinct words), so deduplication keeps each one.
    Object.defineProperty(chat, 'payload', {
      get: () => {
        n++;
        const w = WORDS[n % WORDS.length] ?? 'plan';
        return {
          questions: [
            {
              text: `LLM question ${n}: how will ${w} change after step ${n * 7}?`,
              priority: 'important',
              reason: `follow-up ${n}`,
              category: 'strategy',
            },
          ],
        };
      },
    });

    const runEngine = async (provider: 'template' | 'llm') => {
      const db = await createTestDatabase(env.DATABASE_URL ?? '');
      const agent = await startAgentWorker(
        {
          ...env,
          DATABASE_URL: db.url,
          STT_PROVIDER: 'local',
          SUGGESTIONS_PROVIDER: provider,
          LLM_API_KEY: 'sk-bench',
          LLM_BASE_URL: chat.baseURL,
        },
        `suggest-bench-${provider}`,
      );
      const all: RoundResult[] = [];
      try {
        for (let r = 0; r < rounds; r++) {
          const meeting = await openMeetingRoom(db.db, lk, agent.agentName, {
            type: 'investment_screening',
          });
          const listener = await simulateRoomListener(lk, meeting.room_name, {
            identity: `member-${r}`,
          });
          await listener.waitForAgent(30_000);
          const firstRequest = chat.requests.length;
          const [sp] = await simulate({
            livekit: lk,
            room: meeting.room_name,
            speakers: [{ identity: `founder-${r}`, file: talk.path }],
            tailMs: LAST_LINE_MS + 1_000,
          });
          const res = judge(
            listener,
            spokenLines(talk, sp?.startedAt ?? 0),
            provider === 'llm' ? chat : null,
            firstRequest,
            llmMs,
          );
          all.push(res);
          log(
            `${provider} round ${r + 1}: ${res.lines - res.misses} of ${res.lines} lines changed ` +
              `the cards${res.missed.length ? ` (misses: ${res.missed.join(', ')})` : ''}, ` +
              `refresh median ${Math.round(quantile(res.refresh, 0.5))} ms` +
              (provider === 'llm'
                ? `; LLM card for ${res.llm.length} lines, median ${Math.round(quantile(res.llm, 0.5))} ms`
                : ''),
          );
          await listener.close();
        }
      } finally {
        await agent.stop();
        await db.drop();
      }
      const cat = (f: (x: RoundResult) => number[]) => all.flatMap(f);
      const sum = (f: (x: RoundResult) => number) => all.reduce((a, x) => a + f(x), 0);
      return {
        lines: sum((x) => x.lines),
        misses: sum((x) => x.misses),
        refresh: cat((x) => x.refresh),
        newCard: cat((x) => x.newCard),
        llm: cat((x) => x.llm),
        llmMisses: sum((x) => x.llmMisses),
        llmOverhead: cat((x) => x.llmOverhead),
        llmRequests: sum((x) => x.llmRequests),
      };
    };

    try {
      const out: Record<string, number> = {};
      for (const e of engines) {
        const r = await runEngine(e);
        out[`${e}_lines`] = r.lines;
        out[`${e}_misses`] = r.misses;
        out[`${e}_refresh_p50_ms`] = round(quantile(r.refresh, 0.5));
        out[`${e}_refresh_p95_ms`] = round(quantile(r.refresh, 0.95));
        out[`${e}_new_card_p95_ms`] = round(quantile(r.newCard, 0.95));
        out[`${e}_new_card_samples`] = r.newCard.length;
        if (e === 'llm') {
          out.llm_card_p50_ms = round(quantile(r.llm, 0.5));
          out.llm_card_p95_ms = round(quantile(r.llm, 0.95));
          out.llm_card_misses = r.llmMisses;
          out.llm_overhead_p50_ms = round(quantile(r.llmOverhead, 0.5));
          out.llm_overhead_p95_ms = round(quantile(r.llmOverhead, 0.95));
          out.llm_requests = r.llmRequests;
          out.llm_requests_without_card = r.llmRequests - r.llmOverhead.length;
        }
      }
      return out;
    } finally {
      await chat.close();
    }
  },
} satisfies Benchmark;
