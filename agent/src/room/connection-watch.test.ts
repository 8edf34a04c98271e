import { EventEmitter } from 'node:events';
import { RoomEvent } from '@livekit/rtc-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchConnection } from './connection-watch.ts';

describe('watchConnection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands over when the connection does not resume within the grace period', () => {
    const room = new EventEmitter();
    const reasons: string[] = [];
    watchConnection(room, (r) => reasons.push(r), 4_000);
    room.emit(RoomEvent.Reconnecting);
    vi.advanceTimersByTime(3_999);
    expect(reasons).toEqual([]);
    room.emit(RoomEvent.Reconnecting); // the SDK may say it again: still one deadline
    vi.advanceTimersByTime(1);
    expect(reasons).toEqual(['connection lost']);
    vi.advanceTimersByTime(10_000);
    expect(reasons).toHaveLength(1);
  });

  it('hands over when the connection comes back as a new session (a full reconnect)', () => {
    const room = new EventEmitter();
    const reasons: string[] = [];
    watchConnection(room, (r) => reasons.push(r), 4_000);
    room.emit(RoomEvent.ParticipantDisconnected); // someone leaving normally: nothing
    room.emit(RoomEvent.Reconnecting);
    room.emit(RoomEvent.ParticipantDisconnected); // the SDK drops everyone, then rejoins
    vi.advanceTimersByTime(500);
    room.emit(RoomEvent.Reconnected);
    expect(reasons).toEqual(['session restarted']);
    vi.advanceTimersByTime(10_000);
    expect(reasons).toHaveLength(1);
  });

  it('keeps the meeting when the connection resumes in time, and stops watching on request', () => {
    const room = new EventEmitter();
    const reasons: string[] = [];
    const stop = watchConnection(room, (r) => reasons.push(r), 4_000);
    room.emit(RoomEvent.Reconnecting);
    vi.advanceTimersByTime(2_000);
    room.emit(RoomEvent.Reconnected);
    vi.advanceTimersByTime(10_000);
    expect(reasons).toEqual([]);
    room.emit(RoomEvent.ParticipantDisconnected); // after the resume: someone left, nothing else
    room.emit(RoomEvent.Reconnecting);
    stop();
    vi.advanceTimersByTime(10_000);
    expect(reasons).toEqual([]);
    expect(room.listenerCount(RoomEvent.Reconnecting)).toBe(0);
  });
});
