import { EventEmitter } from 'node:events';
import { ParticipantKind, RoomEvent, type RemoteParticipant, type Room } from 'livekit-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onSenderData, sendToAgents } from './data-senders.ts';

const agent = { identity: 'agent-AJ_1', kind: ParticipantKind.AGENT } as RemoteParticipant;
const bytes = (s: string) => new TextEncoder().encode(s);

function fakeRoom() {
  const e = new EventEmitter();
  return {
    room: e as unknown as Pick<Room, 'on' | 'off'>,
    data: (payload: string, from: RemoteParticipant | undefined, identity?: string) =>
      e.emit(RoomEvent.DataReceived, bytes(payload), from, 0, 'parley.checklist', 0, identity),
    join: (p: RemoteParticipant) => e.emit(RoomEvent.ParticipantConnected, p),
    listeners: () =>
      e.listenerCount(RoomEvent.DataReceived) + e.listenerCount(RoomEvent.ParticipantConnected),
  };
}

describe('onSenderData', () => {
  afterEach(() => vi.useRealTimers());

  it('passes packets from known participants straight through', () => {
    const r = fakeRoom();
    const got: string[] = [];
    onSenderData(r.room, (p, from, topic) =>
      got.push(`${from?.identity}:${topic}:${new TextDecoder().decode(p)}`),
    );
    r.data('a', agent, agent.identity);
    expect(got).toEqual(['agent-AJ_1:parley.checklist:a']);
  });

  it('holds packets that beat the join signal and delivers them, in order, with their sender', () => {
    const r = fakeRoom();
    const got: [string, RemoteParticipant | undefined][] = [];
    onSenderData(r.room, (p, from) => got.push([new TextDecoder().decode(p), from]));
    r.data('checklist', undefined, agent.identity);
    r.data('suggestions', undefined, agent.identity);
    expect(got).toEqual([]);
    r.join(agent);
    expect(got).toEqual([
      ['checklist', agent],
      ['suggestions', agent],
    ]);
    r.join(agent); // delivered once
    expect(got).toHaveLength(2);
  });

  it('drops held packets after holdMs, keeps at most maxPerSender, and detaches', () => {
    vi.useFakeTimers();
    const r = fakeRoom();
    const got: string[] = [];
    const detach = onSenderData(r.room, (p) => got.push(new TextDecoder().decode(p)), {
      holdMs: 1_000,
      maxPerSender: 2,
    });
    r.data('stale', undefined, agent.identity);
    vi.advanceTimersByTime(1_500);
    r.data('x', undefined, agent.identity);
    r.data('y', undefined, agent.identity);
    r.data('z', undefined, agent.identity);
    r.join(agent);
    expect(got).toEqual(['y', 'z']);
    // No identity at all (an old server): handed over as is, the caller decides.
    r.data('anon', undefined);
    expect(got).toEqual(['y', 'z', 'anon']);
    detach();
    expect(r.listeners()).toBe(0);
  });
});

describe('sendToAgents', () => {
  const person = { identity: 'u1', kind: ParticipantKind.STANDARD } as RemoteParticipant;
  const roomWith = (people: RemoteParticipant[]) => {
    const sent: unknown[] = [];
    const room = {
      remoteParticipants: new Map(people.map((p) => [p.identity, p])),
      localParticipant: {
        publishData: (data: Uint8Array, o: unknown) => {
          sent.push([new TextDecoder().decode(data), o]);
          return Promise.resolve();
        },
      },
    } as unknown as Pick<Room, 'remoteParticipants' | 'localParticipant'>;
    return { room, sent };
  };

  it('sends reliably to the agents alone, and fails with none in the room', async () => {
    const r = roomWith([person, agent]);
    await sendToAgents(r.room, 'parley.catchup_request', bytes('x'));
    expect(r.sent).toEqual([
      [
        'x',
        {
          topic: 'parley.catchup_request',
          reliable: true,
          destinationIdentities: [agent.identity],
        },
      ],
    ]);
    const none = roomWith([person]);
    await expect(sendToAgents(none.room, 't', bytes('x'))).rejects.toThrow('no agent');
    expect(none.sent).toEqual([]);
  });
});
