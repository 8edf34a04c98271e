import type { NewTranscriptSegment } from '@parley/db';
import { describe, expect, it } from 'vitest';
import { RoomMicVoices, isRoomMic, splitByVoice } from './room-mic.ts';

const row: NewTranscriptSegment = {
  meeting_id: 'm',
  segment_id: 'TR_1-1000',
  speaker_identity: 'u1',
  speaker_name: 'Meeting Room',
  track_id: 'TR_1',
  text: 'We agreed. Did we?',
  start_ms: 1_000,
  end_ms: 3_000,
  spoken_at: new Date(10_000),
  language: 'en',
};

describe('room microphone', () => {
  it('is marked by the parley.room_mic attribute', () => {
    expect(isRoomMic({ attributes: { 'parley.room_mic': '1' } })).toBe(true);
    expect(isRoomMic({ attributes: {} })).toBe(false);
  });

  it('splits a final into one row per run, voices numbered per participant for the meeting', async () => {
    const voices = new RoomMicVoices();
    const runs = [
      { speaker: '4', text: 'We agreed.', from: 0, to: 0.5 },
      { speaker: '9', text: 'Did we?', from: 0.5, to: 1 },
    ];
    const rows = splitByVoice(row, runs, await voices.of('u1'), 'Meeting Room');
    expect(rows.map((r) => [r.segment_id, r.speaker_key, r.speaker_name, r.text])).toEqual([
      ['TR_1-1000', 'u1#1', 'Meeting Room · Speaker 1', 'We agreed.'],
      ['TR_1-1000.2', 'u1#2', 'Meeting Room · Speaker 2', 'Did we?'],
    ]);
    expect(rows.map((r) => [r.start_ms, r.end_ms])).toEqual([
      [1_000, 2_000],
      [2_000, 3_000],
    ]);
    expect((rows[1]?.spoken_at as Date).getTime()).toBe(11_000);
    // The next final: voice '9' keeps its number; another participant numbers afresh.
    const later = splitByVoice(
      row,
      [{ speaker: '9', text: 'Yes.', from: 0, to: 1 }],
      await voices.of('u1'),
      'Meeting Room',
    );
    expect(later[0]?.speaker_key).toBe('u1#2');
    expect((await voices.of('u2')).numberOf('9')).toBe(1);
  });

  it('numbers new voices after those an earlier agent stored, asking once per participant', async () => {
    const asked: string[] = [];
    const voices = new RoomMicVoices((identity) => {
      asked.push(identity);
      return identity === 'u1' ? Promise.resolve(2) : Promise.reject(new Error('db away'));
    });
    const [a, b] = await Promise.all([voices.of('u1'), voices.of('u1')]);
    expect(a).toBe(b);
    expect(a?.numberOf('0')).toBe(3); // u1#1 and u1#2 may carry names: never reused
    expect(a?.numberOf('1')).toBe(4);
    expect((await voices.of('u2')).numberOf('0')).toBe(101); // unknown: past any earlier one
    expect(asked).toEqual(['u1', 'u2']);
  });
});
