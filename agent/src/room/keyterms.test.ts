import { EventEmitter } from 'node:events';
import { ParticipantKind, RoomEvent, type RemoteParticipant } from '@livekit/rtc-node';
import { describe, expect, it } from 'vitest';
import { followRoomKeyterms, MAX_KEYTERMS, meetingKeyterms, type KeytermRoom } from './keyterms.ts';

function participant(name: string, kind = ParticipantKind.STANDARD): RemoteParticipant {
  return { name, identity: `id-${name}`, kind } as unknown as RemoteParticipant;
}

class FakeRoom extends EventEmitter implements KeytermRoom {
  readonly remoteParticipants = new Map<string, RemoteParticipant>();
  join(p: RemoteParticipant): void {
    this.remoteParticipants.set(p.identity, p);
    this.emit(RoomEvent.ParticipantConnected, p);
  }
}

describe('meeting keyterms', () => {
  it('puts names first, drops blanks and case-insensitive repeats, and caps the list', () => {
    expect(meetingKeyterms(['Ana Lima', ' '], ['Acme', 'ana lima', 'acme', 'renewal'])).toEqual([
      'Ana Lima',
      'Acme',
      'renewal',
    ]);
    const many = Array.from({ length: 300 }, (_, i) => `term${String(i)}`);
    expect(meetingKeyterms(['Bo'], many)).toHaveLength(MAX_KEYTERMS);
    expect(meetingKeyterms(['Bo'], many)[0]).toBe('Bo');
  });

  it('sets the terms at once and adds each named person who joins (agents and repeats ignored)', () => {
    const room = new FakeRoom();
    room.join(participant('Ana Lima'));
    const calls: string[][] = [];
    const stop = followRoomKeyterms(room, { setKeyterms: (t) => calls.push(t) }, ['Acme']);
    expect(calls).toEqual([['Ana Lima', 'Acme']]);

    room.join(participant('Parley', ParticipantKind.AGENT));
    room.join(participant(''));
    room.join(participant('Ana Lima'));
    expect(calls).toHaveLength(1);

    room.join(participant('Bruno Souza'));
    expect(calls.at(-1)).toEqual(['Ana Lima', 'Bruno Souza', 'Acme']);

    stop();
    room.join(participant('Carla'));
    expect(calls).toHaveLength(2);
  });

  it('leaves a recogniser without keyterms alone', () => {
    const room = new FakeRoom();
    const stop = followRoomKeyterms(room, {}, ['Acme']);
    room.join(participant('Ana'));
    expect(room.listenerCount(RoomEvent.ParticipantConnected)).toBe(0);
    stop();
  });
});
