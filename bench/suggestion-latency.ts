// From the end of an utterance that should change the suggestions to the new card at a
// subscriber: with the template engine (target p95 ≤ 300 ms after the final segment), and with
// the LLM engine against a local chat-completions server answering in a fixed 800 ms (target:
// p95 overhead beyond those 800 ms ≤ 150 ms). Real LiveKit, real agent worker, flite speech.
//   pnpm bench suggestion-latency [--rounds 3]
import { livekitConfigFromEnv, simulate } from '@parley/agent';
import { conversation, devEnv, fixturesDir, startAgentWorker } from '@parley/agent/testing';
import {
  openMeetingRoom,
  simulateRoomListener,
  startFakeChatServer,
  type RoomListener,
} from '@parley/agent/testing/room';
import { createTestDatabase } from '@parley/db/testing';
import { parseArgs } from 'node:util';
import type { Benchmark } from './lib/run.ts';
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

interface Card {
  id: string;
  text: string;
}

/** Per final segment: ms until the first suggestions message with a card not seen before. */
function measure(listener: RoomListener, isWanted: (c: Card) => boolean): number[] {
  const msgs = listener.data
    .filter((d) => d.topic === 'parley.suggestions')
    .map((d) => ({
      at: d.receivedAt,
      cards: (d.json as { suggestions?: Card[] }).suggestions ?? [],
    }));
  const seen = new Set<string>();
  const firstSeen = new Map<string, number>();
  for (const m of msgs) {
    for (const c of m.cards) {
      if (!seen.has(c.id) && isWanted(c)) firstSeen.set(c.id, m.at);
      seen.add(c.id);
    }
  }
  const newCards = [...firstSeen.values()].sort((a, b) => a - b);
  const out: number[] = [];
  for (const f of listener.finals) {
    const next = newCards.find((t) => t >= f.receivedAt);
    if (next !== undefined && next - f.receivedAt < 5_000) out.push(next - f.receivedAt);
  }
  return out;
}

export default {
  async run(args, log) {
    const { values } = parseArgs({ args, options: { rounds: { type: 'string', default: '3' } } });
    const rounds = Math.max(1, Number(values.rounds));
    const env = devEnv();
    const lk = livekitConfigFromEnv(env);
    const talk = await conversation(
      LINES.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? 1_000 : 2_500 })),
      fixturesDir,
      'suggestion-latency',
    );
    const chat = await startFakeChatServer({ mode: 'slow', slowMs: 800 });
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
          SUGGESTIONS_PROVIDER: provider,
          LLM_API_KEY: 'sk-bench',
          LLM_BASE_URL: chat.baseURL,
          // Measure the pipeline, not the per-room rate limit of LLM calls.
          SUGGESTIONS_LLM_INTERVAL_MS: '0',
        },
        `suggest-bench-${provider}`,
      );
      const samples: number[] = [];
      try {
        for (let r = 0; r < rounds; r++) {
          const meeting = await openMeetingRoom(db.db, lk, agent.agentName, {
            type: 'investment_screening',
          });
          const listener = await simulateRoomListener(lk, meeting.room_name, {
            identity: `member-${r}`,
          });
          await listener.waitForAgent(30_000);
          await simulate({
            livekit: lk,
            room: meeting.room_name,
            speakers: [{ identity: `founder-${r}`, file: talk.path }],
            tailMs: 3_000,
          });
          const got = measure(listener, (c) =>
            provider === 'llm' ? c.text.startsWith('LLM question') : true,
          );
          samples.push(...got);
          log(
            `${provider} round ${r + 1}: ${got.length} cards, median ${Math.round(quantile(got, 0.5))} ms`,
          );
          await listener.close();
        }
      } finally {
        await agent.stop();
        await db.drop();
      }
      return samples;
    };

    try {
      const template = await runEngine('template');
      const llm = await runEngine('llm');
      const overhead = llm.map((x) => x - 800);
      return {
        template_p50_ms: round(quantile(template, 0.5)),
        template_p95_ms: round(quantile(template, 0.95)),
        template_samples: template.length,
        llm_overhead_p50_ms: round(quantile(overhead, 0.5)),
        llm_overhead_p95_ms: round(quantile(overhead, 0.95)),
        llm_samples: llm.length,
      };
    } finally {
      await chat.close();
    }
  },
} satisfies Benchmark;
