import { EventEmitter } from 'node:events';
import { ParticipantKind, RoomEvent, type RemoteParticipant, type Room } from '@livekit/rtc-node';
import {
  CATCHUP_REQUEST_TOPIC,
  CATCHUP_TOPIC,
  encodeCatchup,
  parseCatchupMessage,
  type CatchupMessage,
} from '@parley/protocol';
import { captureLogs } from '@parley/services/log';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../postmeeting/types.ts';
import { recapWith, RoomCatchup } from './catchup.ts';

class FakeRoom extends EventEmitter {
  sent: { to: string[]; topic?: string; msg: CatchupMessage | null }[] = [];
  localParticipant = {
    publishData: (data: Uint8Array, o: { topic?: string; destination_identities?: string[] }) => {
      this.sent.push({
        to: o.destination_identities ?? [],
        topic: o.topic,
        msg: parseCatchupMessage(data),
      });
      return Promise.resolve();
    },
  };
}

const person = (identity: string, role = 'member', kind = ParticipantKind.STANDARD) =>
  ({
    identity,
    sid: `PA_${identity}`,
    kind,
    attributes: { 'parley.role': role },
  }) as unknown as RemoteParticipant;

const line = (n: number, speakerName: string, text: string) => ({
  n,
  rowId: `row${n}`,
  segmentId: `s${n}`,
  speakerIdentity: speakerName.toLowerCase(),
  speakerName,
  text,
  startMs: n * 10_000,
  endMs: n * 10_000 + 4_000,
});

const transcript: Transcript = {
  meeting: {
    id: 'm1',
    title: 'Board update',
    type: 'general',
    teamId: null,
    ownerId: 'u1',
    date: new Date('2026-12-08T09:00:00Z'),
  },
  lines: [
    line(1, 'Ada', 'Revenue grew by twelve percent in the third quarter.'),
    line(2, 'Bob', 'We decided to hire two engineers for the platform team.'),
    line(3, 'Ada', 'Revenue from the platform team drove most of the growth this quarter.'),
    line(4, 'Bob', 'Who owns the launch plan for the new platform?'),
  ],
  participants: [],
};

function setup(o: { lines?: Transcript | null; fail?: boolean; now?: () => number } = {}) {
  const room = new FakeRoom();
  const logs = captureLogs();
  let loads = 0;
  let flushed = 0;
  let summaries = 0;
  const recap = recapWith(null, logs.log);
  const c = new RoomCatchup(
    {
      room: room as unknown as Room,
      meetingId: 'm1',
      load: () => {
        loads++;
        if (o.fail) return Promise.reject(new Error('database down'));
        return Promise.resolve(o.lines === undefined ? transcript : o.lines);
      },
      flush: () => {
        flushed++;
        return Promise.resolve(0);
      },
      summarize: (t) => {
        summaries++;
        return recap(t);
      },
      log: logs.log,
      ...(o.now ? { now: o.now } : {}),
    },
    { minIntervalMs: 15_000 },
  );
  c.start();
  const ask = (p: RemoteParticipant, payload: Uint8Array | string, topic = CATCHUP_REQUEST_TOPIC) =>
    room.emit(
      RoomEvent.DataReceived,
      typeof payload === 'string' ? new TextEncoder().encode(payload) : payload,
      p,
      undefined,
      topic,
    );
  return {
    room,
    logs,
    c,
    ask,
    loads: () => loads,
    flushed: () => flushed,
    summaries: () => summaries,
  };
}

const request = (requestId: string) =>
  encodeCatchup({ type: CATCHUP_REQUEST_TOPIC, v: 1, requestId });
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('RoomCatchup', () => {
  it('answers the member who asked, alone, with a recap of what is stored so far', async () => {
    const s = setup();
    s.ask(person('ada'), request('r1'));
    await settle();
    expect(s.room.sent).toHaveLength(1);
    const [sent] = s.room.sent;
    expect(sent?.to).toEqual(['ada']);
    expect(sent?.topic).toBe(CATCHUP_TOPIC);
    const m = sent?.msg;
    expect(m).toMatchObject({
      requestId: 'r1',
      status: 'ok',
      source: 'extractive',
      uptoMs: 44_000,
    });
    expect(m?.decisions.map((d) => d.text)).toEqual([
      'We decided to hire two engineers for the platform team.',
    ]);
    expect(m?.openQuestions.map((d) => [d.text, d.startMs])).toEqual([
      ['Who owns the launch plan for the new platform?', 40_000],
    ]);
    expect(m?.keyPoints.length).toBeGreaterThan(0);
    expect(m?.overview).toContain('2 speakers');
    // Queued finals were written first.
    expect(s.flushed()).toBe(1);
    // No transcript text in the logs.
    expect(JSON.stringify(s.logs.entries)).not.toContain('Revenue');
  });

  it('asked again too soon: busy with the wait, and nothing is read', async () => {
    let t = 1_000_000;
    const s = setup({ now: () => t });
    s.ask(person('ada'), request('r1'));
    await settle();
    t += 5_000;
    s.ask(person('ada'), request('r2'));
    await settle();
    expect(s.room.sent[1]?.msg).toMatchObject({
      requestId: 'r2',
      status: 'busy',
      retryInMs: 10_000,
    });
    expect(s.loads()).toBe(1);
    // Someone else may ask meanwhile; Ada again once the wait is over.
    s.ask(person('bob'), request('r3'));
    t += 10_000;
    s.ask(person('ada'), request('r4'));
    await settle();
    expect(s.room.sent.slice(2).map((x) => [x.to[0], x.msg?.status])).toEqual([
      ['bob', 'ok'],
      ['ada', 'ok'],
    ]);
  });

  it('makes one recap for people asking at once, and again only when the transcript changed', async () => {
    let t = 0;
    const current: Transcript = { ...transcript, lines: [...transcript.lines] };
    const s = setup({ lines: current, now: () => t });
    s.ask(person('ada'), request('r1'));
    s.ask(person('bob'), request('r2'));
    await settle();
    expect(s.room.sent.map((x) => [x.to[0], x.msg?.requestId, x.msg?.status])).toEqual([
      ['ada', 'r1', 'ok'],
      ['bob', 'r2', 'ok'],
    ]);
    expect(s.summaries()).toBe(1);
    t += 20_000;
    s.ask(person('ada'), request('r3'));
    await settle();
    expect(s.summaries()).toBe(1);
    expect(s.room.sent[2]?.msg?.keyPoints).toEqual(s.room.sent[0]?.msg?.keyPoints);
    // A corrected line is a new transcript.
    current.lines[0] = { ...line(1, 'Ada', 'Revenue grew by fifteen percent.') };
    t += 20_000;
    s.ask(person('ada'), request('r4'));
    await settle();
    expect(s.summaries()).toBe(2);
  });

  it('says so when nothing was said yet or the recap failed, and lets the person ask again', async () => {
    const quiet = setup({ lines: { ...transcript, lines: [] } });
    quiet.ask(person('ada'), request('r1'));
    await settle();
    quiet.ask(person('ada'), request('r2'));
    await settle();
    expect(quiet.room.sent.map((x) => x.msg?.status)).toEqual(['empty', 'empty']);
    const broken = setup({ fail: true });
    broken.ask(person('ada'), request('r1'));
    await settle();
    expect(broken.room.sent[0]?.msg).toMatchObject({ status: 'failed', keyPoints: [] });
    expect(broken.logs.entries.some((e) => e.msg === 'catch-up failed')).toBe(true);
  });

  it('ignores guests, agents, other topics and malformed requests (logged, never thrown)', async () => {
    const s = setup();
    s.ask(person('guest-x', 'guest'), request('r1'));
    s.ask(person('agent-y', 'member', ParticipantKind.AGENT), request('r2'));
    s.ask(person('ada'), request('r3'), 'parley.chat');
    for (const bad of ['{', '[]', '{"type":"parley.catchup_request","v":2,"requestId":"x"}']) {
      s.ask(person('ada'), bad);
    }
    s.ask(person('ada'), new Uint8Array([0xff, 0x00, 0xfe]));
    s.ask(person('ada'), new Uint8Array(40_000));
    await settle();
    expect(s.room.sent).toEqual([]);
    expect(s.loads()).toBe(0);
    const warned = s.logs.entries.filter((e) => e.level === 'warn').map((e) => e.msg);
    expect(warned.filter((m) => m === 'malformed catch-up request ignored')).toHaveLength(5);
    expect(warned).toContain('catch-up request from a guest ignored');
  });

  it('stops answering once closed', async () => {
    const s = setup();
    s.c.close();
    s.ask(person('ada'), request('r1'));
    await settle();
    expect(s.room.sent).toEqual([]);
  });
});

describe('RoomCatchup data handler (fuzz)', () => {
  it('never throws or answers anything but a valid request', async () => {
    const s = setup({ now: () => 0 });
    const valid = fc.record({
      type: fc.oneof(fc.constant(CATCHUP_REQUEST_TOPIC), fc.string()),
      v: fc.oneof(fc.constant(1), fc.integer(), fc.string()),
      requestId: fc.oneof(fc.string({ maxLength: 80 }), fc.integer()),
    });
    const payloads = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 200 }).map((x) => new TextEncoder().encode(x)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => new TextEncoder().encode(JSON.stringify(v))),
      valid.map((v) => new TextEncoder().encode(JSON.stringify(v))),
    );
    let asked = 0;
    fc.assert(
      fc.property(payloads, (p) => {
        const before = s.logs.entries.length;
        expect(() => s.ask(person('ada'), p)).not.toThrow();
        // Each packet is either answered (a valid request) or logged as ignored.
        const ignored = s.logs.entries.length > before;
        if (!ignored) asked++;
      }),
      { numRuns: 400 },
    );
    await settle();
    expect(s.room.sent).toHaveLength(asked);
    expect(s.room.sent.every((x) => x.msg !== null && x.to[0] === 'ada')).toBe(true);
  });
});
