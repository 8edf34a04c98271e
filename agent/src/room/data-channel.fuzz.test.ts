/**
 * Property-based fuzzing of every data-channel input the agent handles: feedback packets
 * (`parley.suggestion_feedback`) through the room handler and the protocol parser, packets on
 * other topics, and the transcription pause attribute. Arbitrary bytes, strings and near-valid
 * messages: nothing may throw, reject unhandled, or change state unless the message is valid.
 */
import { captureLogs } from '@parley/services/log';
import { EventEmitter } from 'node:events';
import { ParticipantKind, RoomEvent, type RemoteParticipant, type Room } from '@livekit/rtc-node';
import { FEEDBACK_TOPIC, PROTOCOL_VERSION, parseFeedback } from '@parley/protocol';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TemplateSuggestionEngine } from '../suggestions/index.ts';
import { RoomSuggestions } from './suggestions-room.ts';

const RUNS = 300;

const nearValidFeedback = fc.record(
  {
    type: fc.oneof(fc.constant(FEEDBACK_TOPIC), fc.string()),
    version: fc.oneof(fc.constant(PROTOCOL_VERSION), fc.integer(), fc.string()),
    id: fc.oneof(fc.constantFrom('s1', 's2', ''), fc.string({ maxLength: 120 }), fc.integer()),
    status: fc.oneof(fc.constantFrom('asked', 'dismissed', 'pinned', 'active'), fc.string()),
  },
  { requiredKeys: [] },
);

/** Payload bytes: raw bytes, arbitrary text, arbitrary JSON, near-valid feedback. */
const payloads: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.uint8Array({ minLength: 5000, maxLength: 6000 }),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
  fc.jsonValue({ maxDepth: 4 }).map((v) => new TextEncoder().encode(JSON.stringify(v))),
  nearValidFeedback.map((v) => new TextEncoder().encode(JSON.stringify(v))),
);

describe('parseFeedback (fuzz)', () => {
  it('never throws; returns null or a schema-valid message', () => {
    fc.assert(
      fc.property(fc.oneof(payloads, fc.anything(), fc.string()), (raw) => {
        const m = parseFeedback(raw);
        if (m !== null) {
          expect(m.type).toBe(FEEDBACK_TOPIC);
          expect(m.version).toBe(PROTOCOL_VERSION);
          expect(['asked', 'dismissed', 'pinned']).toContain(m.status);
          expect(m.id.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS * 3 },
    );
  });
});

/** The part of a LiveKit Room the handler touches. */
class FakeRoom extends EventEmitter {
  remoteParticipants = new Map<string, RemoteParticipant>();
  sent: { topic?: string }[] = [];
  localParticipant = {
    publishData: (_: Uint8Array, opts: { topic?: string }) => {
      this.sent.push(opts);
      return Promise.resolve();
    },
  };
}

function participant(identity: string, role: string, kind = ParticipantKind.STANDARD) {
  return { identity, sid: `PA_${identity}`, kind, attributes: { 'parley.role': role } };
}

/** A database that fails every query (the handler must survive it, not crash). */
const failingDb = new Proxy(
  {},
  {
    get: () => {
      throw new Error('no database in this test');
    },
  },
);

describe('RoomSuggestions data handler (fuzz)', () => {
  let room: FakeRoom;
  let rs: RoomSuggestions;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  const captured = captureLogs();

  beforeEach(() => {
    process.on('unhandledRejection', onUnhandled);
    room = new FakeRoom();
    rs = new RoomSuggestions({
      room: room as unknown as Room,
      meeting: {
        id: '00000000-0000-4000-8000-000000000001',
        type: 'investment_screening',
        subject: 'Acme',
        subject_id: null,
        checklist: [],
        owner_id: '00000000-0000-4000-8000-000000000002',
        team_id: null,
      },
      engine: new TemplateSuggestionEngine(),
      db: failingDb as never,
      log: captured.log,
      scheduler: { debounceMs: 0, fullIntervalMs: 0 },
    });
    rs.start();
  });

  afterEach(() => {
    rs.close();
    process.off('unhandledRejection', onUnhandled);
  });

  it('arbitrary packets on any topic, from members, guests, agents or nobody: no throw, no unhandled rejection', async () => {
    const member = participant('member-1', 'member');
    const guest = participant('guest-1', 'guest');
    const agent = participant('agent-1', 'member', ParticipantKind.AGENT);
    for (const p of [member, guest, agent])
      room.remoteParticipants.set(p.identity, p as unknown as RemoteParticipant);
    const before = JSON.stringify(rs.session.snapshot());
    await fc.assert(
      fc.asyncProperty(
        payloads,
        fc.constantFrom(undefined, member, guest, agent),
        fc.oneof(
          fc.constantFrom(FEEDBACK_TOPIC, 'parley.suggestions', 'parley.checklist', undefined),
          fc.string(),
        ),
        async (payload, from, topic) => {
          expect(() => room.emit(RoomEvent.DataReceived, payload, from, 0, topic)).not.toThrow();
          await new Promise((r) => setImmediate(r));
        },
      ),
      { numRuns: RUNS },
    );
    expect(unhandled).toEqual([]);
    // No suggestion existed: no packet can have changed the session.
    expect(JSON.stringify(rs.session.snapshot())).toBe(before);
    // Malformed ones were logged by participant sid, never with their content.
    const warnings = captured.entries.filter((e) => e.level === 'warn');
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) expect(Object.keys(w.fields)).not.toContain('payload');
  });

  it('a valid feedback packet from a member still applies after the fuzzing', async () => {
    const member = participant('member-1', 'member');
    room.remoteParticipants.set(member.identity, member as unknown as RemoteParticipant);
    rs.addFinal({
      id: 'g1',
      speaker: 'member-1',
      text: 'We founded the company two years ago.',
      startMs: 0,
      endMs: 900,
    });
    await new Promise((r) => setTimeout(r, 50));
    const first = rs.session.snapshot().suggestions.suggestions[0];
    expect(first).toBeDefined();
    const ok = new TextEncoder().encode(
      JSON.stringify({
        type: FEEDBACK_TOPIC,
        version: PROTOCOL_VERSION,
        id: first?.id,
        status: 'pinned',
      }),
    );
    room.emit(RoomEvent.DataReceived, ok, member, 0, FEEDBACK_TOPIC);
    const after = rs.session.snapshot().suggestions.suggestions.find((s) => s.id === first?.id);
    expect(after?.status).toBe('pinned');
    expect(unhandled).toEqual([]);
  });
});
