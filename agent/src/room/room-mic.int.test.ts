// A shared room microphone through a real LiveKit room: one participant marked `parley.room_mic`
// plays two flite voices taking turns on one track; the agent worker (STT_PROVIDER=deepgram,
// the real plugin against the local Deepgram server, which labels each line's words with the
// voice the script gives it) stores and publishes each voice's lines under its own key and
// label. Naming one voice relabels its stored lines and what search finds.
import {
  listSegments,
  renameMeetingSpeaker,
  searchSegmentsFts,
  type TranscriptSegment,
} from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { ATTR_ROOM_MIC, ATTR_SPEAKER_SPLIT } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livekitConfigFromEnv, type LiveKitConfig } from '../config.ts';
import { simulate } from '../simulate/index.ts';
import { startFakeDeepgram, type FakeDeepgramServer } from '../testing/deepgram-server.ts';
import {
  conversation,
  devEnv,
  fixturesDir,
  spokenScript,
  startAgentWorker,
  waitFor,
  type Conversation,
} from '../testing/index.ts';
import { openMeetingRoom, simulateRoomListener } from '../testing/room.ts';

/** Two voices taking turns: the provider calls them 7 and 3 (any labels; Parley numbers them). */
const SCRIPT = [
  { text: 'We should discuss the revenue growth for the next quarter.', voice: 'slt', label: 7 },
  {
    text: 'The team is planning to hire three new engineers in the spring.',
    voice: 'awb',
    label: 3,
  },
  { text: 'Our largest customer renewed the contract for two more years.', voice: 'slt', label: 7 },
  { text: 'The kitchen renovation will finish before the holidays.', voice: 'awb', label: 3 },
] as const;

let env: Record<string, string>;
let lk: LiveKitConfig;
let test: TestDatabase;
let talk: Conversation;
let fake: FakeDeepgramServer;

beforeAll(async () => {
  env = devEnv();
  lk = livekitConfigFromEnv(env);
  test = await createTestDatabase(env.DATABASE_URL ?? '');
  talk = await conversation(
    SCRIPT.map((l, i) => ({ text: l.text, voice: l.voice, gapMs: i === 0 ? 1_000 : 1_500 })),
    fixturesDir,
    'room-mic',
  );
  fake = await startFakeDeepgram({
    mode: 'script',
    script: await spokenScript(
      SCRIPT.map((l) => ({ ...l, speaker: l.label })),
      fixturesDir,
    ),
  });
});
afterAll(async () => {
  await fake?.close();
  await test?.drop();
});

const byStart = (a: TranscriptSegment, b: TranscriptSegment) => a.start_ms - b.start_ms;

/**
 * Plays the conversation on one marked room microphone into a meeting transcribed by an agent
 * with `provider`, once the agent said `split` (its `parley.speaker_split`); returns the lines
 * stored (at least `lines`) and what the room received.
 */
async function roomMicMeeting(provider: Record<string, string>, split: string, lines: number) {
  const agent = await startAgentWorker(
    { ...env, ...provider, DATABASE_URL: test.url, PARLEY_AGENT_NAME: `roommic-${Date.now()}` },
    'agent-roommic',
  );
  try {
    const meeting = await openMeetingRoom(test.db, lk, agent.agentName);
    const listener = await simulateRoomListener(lk, meeting.room_name);
    await listener.waitForAgent(30_000);
    await waitFor(
      `the agent to say '${split}'`,
      () => Promise.resolve(listener.agentAttribute(ATTR_SPEAKER_SPLIT) === split || null),
      20_000,
      200,
    );
    await simulate({
      livekit: lk,
      room: meeting.room_name,
      speakers: [
        {
          identity: 'room',
          name: 'Meeting Room',
          file: talk.path,
          attributes: { [ATTR_ROOM_MIC]: '1' },
        },
      ],
      tailMs: 2_500,
    });
    const rows = await waitFor(
      'the room mic lines stored',
      async () => {
        const all = (await listSegments(test.db, meeting.id)).sort(byStart);
        return all.length >= lines ? all : null;
      },
      30_000,
      300,
    );
    await listener.close();
    // Logs carry ids, never what was said.
    expect(agent.output()).not.toContain('kitchen');
    return { meeting, rows, finals: listener.finals.filter((f) => f.identity === 'room') };
  } finally {
    await agent.stop();
  }
}

describe('a room microphone split by speaker (deepgram diarize, local server)', () => {
  it('stores and publishes each voice as its own speaker; naming one relabels it', async () => {
    const deepgram = {
      STT_PROVIDER: 'deepgram',
      DEEPGRAM_API_KEY: fake.apiKey,
      DEEPGRAM_BASE_URL: fake.baseUrl,
    };
    const { meeting, rows, finals } = await roomMicMeeting(deepgram, 'on', SCRIPT.length);
    expect(fake.requests.some((r) => r.params.diarize?.[0] === 'true')).toBe(true);
    expect(rows.map((r) => [r.speaker_key, r.speaker_name, r.text])).toEqual(
      SCRIPT.map((l) => {
        const n = l.voice === 'slt' ? 1 : 2;
        return [`room#${n}`, `Meeting Room · Speaker ${n}`, l.text];
      }),
    );
    // Published with the voice's key.
    expect(finals.map((f) => f.speakerKey)).toEqual(rows.map((r) => r.speaker_key));

    const renamed = await renameMeetingSpeaker(test.db, {
      meetingId: meeting.id,
      speakerKey: 'room#2',
      displayName: 'Bruno Alvarez',
      memberId: null,
      userId: null,
    });
    expect(renamed.kind).toBe('done');
    const after = (await listSegments(test.db, meeting.id)).sort(byStart);
    expect(after.map((r) => r.speaker_name)).toEqual([
      'Meeting Room · Speaker 1',
      'Bruno Alvarez',
      'Meeting Room · Speaker 1',
      'Bruno Alvarez',
    ]);
    const hits = await searchSegmentsFts(test.db, meeting.owner_id, 'kitchen renovation');
    expect(hits.map((h) => [h.meetingId, h.speakerName])).toEqual([[meeting.id, 'Bruno Alvarez']]);
    const other = await searchSegmentsFts(test.db, meeting.owner_id, 'largest customer');
    expect(other.map((h) => h.speakerName)).toEqual(['Meeting Room · Speaker 1']);
  });

  it('without a diarizing provider: transcribed as one speaker, and the agent says why', async () => {
    const { rows } = await roomMicMeeting({ STT_PROVIDER: 'local' }, 'off:local', 2);
    expect(rows.map((r) => [r.speaker_key, r.speaker_name])).toEqual(
      rows.map(() => [null, 'Meeting Room']),
    );
  });
});
