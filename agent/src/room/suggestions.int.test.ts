// Live suggestions in a real room: a scripted investment-screening conversation (flite voices,
// two speakers) covers some checklist items and not others; members get coverage and template
// suggestions that match, guests get nothing, feedback from a member is applied and stored, and a
// transcript correction from the web app (not one a participant forges) reaches the engines.
import { listCoverage, listCoverageChanges, listSuggestions } from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import {
  CHECKLIST_TOPIC,
  FEEDBACK_TOPIC,
  SUGGESTIONS_TOPIC,
  TRANSCRIPT_CORRECTION_TOPIC,
  encodeTranscriptCorrection,
} from '@parley/protocol';
import { DataPacket_Kind, RoomServiceClient } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { livekitConfigFromEnv } from '../config.ts';
import { simulate } from '../simulate/index.ts';
import { devEnv, dialogue, fixturesDir, startAgentWorker, waitFor } from '../testing/index.ts';
import { openMeetingRoom, simulateRoomListener } from '../testing/room.ts';

const SCRIPT = [
  {
    speaker: 'vera',
    voice: 'awb' as const,
    text: 'Tell me about the founding team and their background.',
  },
  {
    speaker: 'finn',
    voice: 'slt' as const,
    text: 'Our founders have ten years of experience building software for banks.',
  },
  { speaker: 'vera', voice: 'awb' as const, text: 'How big is the market you are going after?' },
  {
    speaker: 'finn',
    voice: 'slt' as const,
    text: 'The market is about ten billion dollars and growing every year.',
  },
  { speaker: 'vera', voice: 'awb' as const, text: 'What is your monthly recurring revenue today?' },
  {
    speaker: 'finn',
    voice: 'slt' as const,
    text: 'Our revenue is fifty thousand dollars a month.',
  },
];

interface Item {
  id: string;
  state: string;
  evidence?: { segmentId: string; quote: string; speaker: string; startMs: number };
}

interface Wire {
  id: string;
  text: string;
  reason: string;
  priority: string;
  status: string;
}

describe('live suggestions (template engine)', () => {
  it('covers what was said, suggests what was not, only to members, and takes feedback', async () => {
    const env = devEnv();
    const lk = livekitConfigFromEnv(env);
    const test = await createTestDatabase(env.DATABASE_URL ?? '');
    const agent = await startAgentWorker(
      {
        ...env,
        DATABASE_URL: test.url,
        PARLEY_AGENT_NAME: `suggest-${Date.now()}`,
        SUGGESTIONS_PROVIDER: 'template',
      },
      'agent-suggestions',
    );
    try {
      const meeting = await openMeetingRoom(test.db, lk, agent.agentName, {
        type: 'investment_screening',
      });
      const member = await simulateRoomListener(lk, meeting.room_name, { identity: 'member-mia' });
      const guest = await simulateRoomListener(lk, meeting.room_name, {
        identity: 'guest-gus',
        attributes: { 'parley.role': 'guest' },
      });
      await member.waitForAgent(30_000);
      const talks = await dialogue(SCRIPT, fixturesDir, 'suggest-invest');
      await simulate({
        livekit: lk,
        room: meeting.room_name,
        speakers: [...talks.entries()].map(([identity, c]) => ({ identity, file: c.path })),
        tailMs: 2_500,
      });

      const last = <T>(topic: string) =>
        member.data.filter((d) => d.topic === topic).at(-1)?.json as T | undefined;
      const checklist = await waitFor('checklist coverage', () => {
        const m = last<{ items: Item[] }>(CHECKLIST_TOPIC);
        return m && m.items.some((i) => i.state !== 'not_discussed') ? m : null;
      });
      const state = (id: string) => checklist.items.find((i) => i.id === id)?.state;
      for (const said of ['team_background', 'market_size', 'revenue']) {
        expect(state(said), said).not.toBe('not_discussed');
      }
      for (const unsaid of ['burn_runway', 'churn', 'competition']) {
        expect(state(unsaid), unsaid).toBe('not_discussed');
      }

      const suggestions = await waitFor('suggestions', () => {
        const m = last<{ suggestions: Wire[] }>(SUGGESTIONS_TOPIC);
        return m && m.suggestions.length > 0 ? m.suggestions : null;
      });
      const about = (s: Wire) => `${s.text} ${s.reason}`.toLowerCase();
      console.log(
        'suggestions:',
        suggestions.map((s) => `[${s.priority}] ${s.text} (${s.reason})`),
      );
      console.log('coverage:', checklist.items.map((i) => `${i.id}=${i.state}`).join(' '));
      // The most important thing not yet discussed is asked for; nothing already covered is.
      expect(suggestions.some((s) => /burn|runway|cash/.test(about(s)))).toBe(true);
      expect(suggestions.some((s) => /recurring revenue|mrr/.test(about(s)))).toBe(false);
      for (const s of suggestions) {
        expect(s.text.length).toBeLessThanOrEqual(200);
        expect(['critical', 'important', 'follow_up']).toContain(s.priority);
        expect(s.reason.length).toBeGreaterThan(0);
      }
      // Guests never receive suggestions or coverage.
      expect(
        guest.data.filter((d) => d.topic === SUGGESTIONS_TOPIC || d.topic === CHECKLIST_TOPIC),
      ).toEqual([]);

      // Feedback: malformed packets are ignored; a dismissal is applied, published and stored.
      await member.publish(FEEDBACK_TOPIC, '{not json');
      await member.publish(FEEDBACK_TOPIC, {
        type: 'parley.suggestion_feedback',
        version: 1,
        id: 'nope',
        status: 'pinned',
      });
      const target = suggestions[0];
      if (!target) throw new Error('no suggestion');
      await member.publish(FEEDBACK_TOPIC, {
        type: 'parley.suggestion_feedback',
        version: 1,
        id: target.id,
        status: 'dismissed',
      });
      await waitFor('the dismissal reflected', () => {
        const m = last<{ suggestions: Wire[] }>(SUGGESTIONS_TOPIC);
        return m && !m.suggestions.some((s) => s.id === target.id && s.status === 'active');
      });
      const stored = await waitFor('suggestions stored', async () => {
        const rows = await listSuggestions(test.db, meeting.id);
        return rows.find((r) => r.id === target.id && r.status === 'dismissed') ? rows : null;
      });
      expect(stored.find((r) => r.id === target.id)?.status_by).toBe('member-mia');
      expect(stored.every((r) => r.template_version.length > 0)).toBe(true);
      const coverage = await listCoverage(test.db, meeting.id);
      expect(coverage.find((c) => c.item_id === 'revenue')?.state).not.toBe('not_discussed');
      // Each change names the segment that caused it; the report reads its words, speaker, time.
      const changes = await waitFor('coverage evidence stored', async () => {
        const rows = await listCoverageChanges(test.db, meeting.id);
        const r = rows.find((c) => c.itemId === 'revenue' && c.quote.text !== null);
        return r ? rows : null;
      });
      const revenue = changes.find((c) => c.itemId === 'revenue');
      expect(revenue).toMatchObject({ from: 'not_discussed' });
      expect(revenue?.quote.text?.toLowerCase()).toMatch(/revenue/);
      expect(revenue?.quote.speakerName).toBeTruthy();
      expect(revenue?.quote.startMs).toBeGreaterThanOrEqual(0);
      // The room got the same evidence with the item: the quote, the speaker's name and the time.
      const live = await waitFor('revenue evidence in the room', () =>
        last<{ items: Item[] }>(CHECKLIST_TOPIC)?.items.find(
          (i) => i.id === 'revenue' && i.evidence,
        ),
      );
      const latest = changes.filter((c) => c.itemId === 'revenue').at(-1);
      expect(live.evidence).toEqual({
        segmentId: latest?.quote.segmentId,
        quote: latest?.quote.text,
        speaker: latest?.quote.speakerName,
        startMs: latest?.quote.startMs,
      });
      // A guest's feedback is ignored.
      await guest.publish(FEEDBACK_TOPIC, {
        type: 'parley.suggestion_feedback',
        version: 1,
        id: suggestions[1]?.id ?? 'x',
        status: 'dismissed',
      });
      // A correction from the web app (through the server API) reaches the engines' context;
      // the same packet from a participant is not trusted.
      const edited = {
        segments: [
          {
            segmentId: latest?.quote.segmentId ?? '',
            speakerKey: 'finn',
            speakerIdentity: 'finn',
            speakerName: 'finn',
            text: 'Our revenue is sixty thousand dollars a month.',
            startMs: 0,
            endMs: 1,
            version: 2,
          },
        ],
        removed: [],
        speakers: [],
      };
      await member.publish(TRANSCRIPT_CORRECTION_TOPIC, {
        type: 'transcript.correction',
        ...edited,
      });
      await waitFor('the forged correction ignored', () =>
        /correction from a participant ignored/.test(agent.output()),
      );
      const http = lk.url.replace(/^ws/, 'http');
      await new RoomServiceClient(http, lk.apiKey, lk.apiSecret).sendData(
        meeting.room_name,
        encodeTranscriptCorrection(edited),
        DataPacket_Kind.RELIABLE,
        { topic: TRANSCRIPT_CORRECTION_TOPIC },
      );
      await waitFor('the correction applied', () =>
        /"turns":1,.*transcript correction applied/.test(agent.output()),
      );
      expect(agent.child.exitCode).toBeNull();
      await member.close();
      await guest.close();
    } finally {
      await agent.stop();
      await test.drop();
    }
  });
});
