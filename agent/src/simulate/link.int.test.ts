// A simulated speaker whom LiveKit drops joins again and is heard again; one the room removed
// stays out. Both keep real time while they are not in the room. One whose SDK reconnected
// without publishing its microphone again joins again too.
import { AudioFrame, RoomEvent, SimulateScenarioKind } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { livekitConfigFromEnv } from '../config.ts';
import { rms } from '../room/silence-gate.ts';
import { devEnv, waitFor } from '../testing/index.ts';
import { joinAudioEar, type AudioEar } from '../testing/room.ts';
import { SpeakerLink } from './link.ts';

const lk = livekitConfigFromEnv(devEnv());
const RATE = 16_000;
const FRAME = RATE / 10;

/** 100 ms of a loud 440 Hz tone. */
const tone = () => {
  const pcm = new Int16Array(FRAME);
  for (let i = 0; i < FRAME; i++)
    pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / RATE));
  return new AudioFrame(pcm, RATE, 1, FRAME);
};

/** Arrival times of loud frames (the tone, not silence) the ear got. */
const loudAt = (ear: AudioEar) => ear.frames.filter((f) => rms(f.pcm) > 1000).map((f) => f.at);

async function play(link: SpeakerLink, ms: number): Promise<number> {
  const start = Date.now();
  for (let t = 0; t < ms; t += 100) await link.capture(tone());
  return Date.now() - start;
}

/** A speaker in a new room, the lines it logs, and an ear listening to that room. */
async function speakerAndEar(identity: string) {
  const room = `link-${Date.now()}`;
  const lines: string[] = [];
  const link = await SpeakerLink.join(lk, room, { identity, file: '' }, (l) => lines.push(l));
  return { link, lines, ear: await joinAudioEar(lk, room) };
}

describe('SpeakerLink', () => {
  it('joins again when LiveKit drops the speaker, and is heard again', async () => {
    const { link, lines, ear } = await speakerAndEar('spk');
    try {
      await play(link, 1_000);
      await waitFor('the first session heard', () => loudAt(ear).length > 0, 10_000);
      await link.room?.simulateScenario(SimulateScenarioKind.SIMULATE_SERVER_LEAVE);
      // Speaking on until the drop is seen: the audio the dropped session still held (at least
      // the frame being handed over) never reached the room and is counted as lost, even when
      // the link joins again before the next frame finds it out of the room.
      const dropped = () => lines.some((l) => l.includes('disconnected'));
      for (let i = 0; i < 100 && !dropped(); i++) await link.capture(tone());
      expect(dropped()).toBe(true);
      const lostAtDrop = link.lostMs;
      expect(lostAtDrop).toBeGreaterThan(0);
      // Real time is kept across the drop: 3 s of audio take ≈ 3 s.
      expect(await play(link, 3_000)).toBeGreaterThan(2_500);
      // Bounded, not assumed done: on a busy machine joining again can outlast the 3 s.
      await waitFor('joined again', () => link.rejoins === 1, 20_000);
      expect(lines.join('\n')).toMatch(/disconnected \(SERVER_SHUTDOWN\)[\s\S]*joined again/);
      expect(link.lostMs).toBeGreaterThanOrEqual(lostAtDrop);
      const joinedAt = Date.now();
      await play(link, 1_000);
      await waitFor('a second track', () => ear.tracks() === 2, 10_000);
      await waitFor(
        'the speaker heard after joining again',
        () => loudAt(ear).some((t) => t > joinedAt),
        10_000,
      );
      expect(link.rejoins).toBe(1);
    } finally {
      await link.close();
      await ear.close();
    }
    expect(link.room).toBeNull();
  });

  it('joins again when it reconnected without its microphone, not when the track is there', async () => {
    const { link, lines, ear } = await speakerAndEar('mic');
    try {
      await play(link, 500);
      // A reconnect that kept the track: nothing to do.
      link.room?.emit(RoomEvent.Reconnected);
      await play(link, 6_000);
      expect(link.rejoins).toBe(0);
      // One that lost it (as after a node died): LiveKit shows no track, and the link joins again.
      const local = link.room?.localParticipant;
      for (const sid of local?.trackPublications.keys() ?? []) await local?.unpublishTrack(sid);
      link.room?.emit(RoomEvent.Reconnected);
      const start = Date.now();
      while (link.rejoins === 0 && Date.now() - start < 20_000) await link.capture(tone());
      expect(lines.join('\n')).toMatch(/reconnected without its microphone[\s\S]*joined again/);
      const joinedAt = Date.now();
      await play(link, 1_000);
      await waitFor(
        'the speaker heard after joining again',
        () => loudAt(ear).some((t) => t > joinedAt),
        10_000,
      );
    } finally {
      await link.close();
      await ear.close();
    }
  });

  it('stays out when the room removed the speaker, keeping real time', async () => {
    const room = `link-${Date.now()}`;
    const link = await SpeakerLink.join(lk, room, { identity: 'gone', file: '' });
    try {
      await play(link, 500);
      const svc = new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret);
      await svc.removeParticipant(room, 'gone');
      await waitFor('the removal seen', () => link.room === null || !link.room.isConnected, 10_000);
      expect(await play(link, 1_500)).toBeGreaterThan(1_200);
      expect(link.rejoins).toBe(0);
      expect(link.lostMs).toBeGreaterThanOrEqual(1_500);
    } finally {
      await link.close();
    }
  });
});
