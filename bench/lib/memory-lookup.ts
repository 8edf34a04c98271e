// bench/memory, section `lookup` (memory_lookup_p95_ms): what a subject's memory adds to a
// suggestion run. The room loads the memory once when the meeting starts (`memory_load_ms`,
// reported apart); each full run then looks up the past passages relevant to the latest turns
// (full-text search over the subject's meetings' segments), which is the time measured: from the
// start of `SuggestionSession.run('full')` to the engine call (`onRun`'s `memoryMs`). The engine
// is the offline template engine (its own time is not part of the figure); no vectors.
import { SENTENCES } from '@parley/agent/testing';
import type { Db } from '@parley/db';
import { SubjectMemorySource } from '../../agent/src/room/memory-context.ts';
import { SuggestionSession, TemplateSuggestionEngine } from '../../agent/src/suggestions/index.ts';
import type { Metrics } from './run.ts';
import { quantile, rng, round } from './stats.ts';

/** Lines about what the subject's meetings covered, mixed into the conversation. */
const TOPICAL = [
  'How has revenue moved since we last spoke?',
  'Tell me about churn in the enterprise segment.',
  'Did the hiring plan for sales work out?',
  'What happened with the pricing experiment?',
];

export async function lookupSection(
  db: Db,
  seeded: { subjectId: string; nextMeetingId: string },
  o: { runs: number; seed: number },
  log: (l: string) => void,
): Promise<Metrics> {
  const r = rng(o.seed);
  const source = new SubjectMemorySource(db, seeded.subjectId, seeded.nextMeetingId);
  const t0 = performance.now();
  const past = await source.load();
  const loadMs = performance.now() - t0;
  if (!past) throw new Error('no memory loaded');
  const memoryMs: number[] = [];
  let passages = 0;
  const session = new SuggestionSession({
    meetingType: 'investment_screening',
    subject: 'Acme',
    engine: new TemplateSuggestionEngine(),
    past,
    retrievePassages: async (text) => {
      const found = await source.passages(text);
      passages += found.length;
      return found;
    },
    // Runs happen only when called below.
    scheduler: { debounceMs: 3_600_000, fullIntervalMs: 3_600_000 },
    publish: () => undefined,
    onRun: (info) => {
      if (info.memoryMs !== undefined) memoryMs.push(info.memoryMs);
    },
  });
  try {
    const say = (i: number) => {
      const pool = r() < 0.3 ? TOPICAL : SENTENCES;
      session.addSegment({
        id: `b${i}`,
        speaker: i % 2 ? 'a' : 'b',
        text: pool[Math.floor(r() * pool.length)] ?? 'hello',
        startMs: i * 5000,
        endMs: i * 5000 + 4000,
      });
    };
    for (let i = 0; i < 10; i++) {
      say(i);
      await session.run('full');
    }
    memoryMs.length = 0;
    passages = 0;
    for (let i = 10; i < 10 + o.runs; i++) {
      say(i);
      await session.run('full');
    }
  } finally {
    session.close();
  }
  log(
    `memory: load ${round(loadMs, 1)} ms once; lookup per run p50 ${round(quantile(memoryMs, 0.5), 2)} ms, p95 ${round(quantile(memoryMs, 0.95), 2)} ms (${o.runs} runs, ${round(passages / o.runs, 1)} passages each)`,
  );
  return {
    memory_load_ms: round(loadMs, 2),
    memory_lookup_p50_ms: round(quantile(memoryMs, 0.5), 2),
    memory_lookup_p95_ms: round(quantile(memoryMs, 0.95), 2),
  };
}
