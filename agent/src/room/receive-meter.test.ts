import { describe, expect, it } from 'vitest';
import { RtpReceiveStats, StreamGapMeter, type SessionStats } from './receive-meter.ts';

/** Feeds `n` frames of 32 ms at real-time pace from `t0`, each late by `jitter(i)` ms. */
function feed(m: StreamGapMeter, t0: number, n: number, jitter: (i: number) => number = () => 0) {
  for (let i = 1; i <= n; i++) m.onFrame(32, t0 + i * 32 + jitter(i));
  return t0 + n * 32;
}

describe('StreamGapMeter', () => {
  it('counts nothing for a stream that keeps pace, jitter and all', () => {
    const m = new StreamGapMeter();
    feed(m, 0, 3_000, (i) => (i * 7919) % 40);
    expect(m.counts).toEqual({ frames: 3_000, receivedMs: 96_000, gapMs: 0 });
  });

  it('counts nothing for a stall whose frames arrive afterwards (late, not lost)', () => {
    const m = new StreamGapMeter();
    let t = feed(m, 0, 100);
    // 640 ms of nothing, then the 20 frames held up arrive together, then normal again.
    for (let i = 0; i < 20; i++) m.onFrame(32, t + 640);
    t += 20 * 32;
    feed(m, t, 200);
    expect(m.counts.gapMs).toBe(0);
  });

  it('counts audio that never arrived', () => {
    const m = new StreamGapMeter();
    let t = feed(m, 0, 200);
    t += 10 * 32; // ten frames dropped on the way
    feed(m, t, 200, (i) => (i * 31) % 25);
    expect(m.counts.gapMs).toBeGreaterThanOrEqual(320 - 25);
    expect(m.counts.gapMs).toBeLessThanOrEqual(320 + 25);
    expect(m.counts.frames).toBe(400);
  });

  it('counts audio that stays further behind than its window', () => {
    const m = new StreamGapMeter(3_000);
    const t = feed(m, 0, 100);
    feed(m, t, 200, () => 1_000); // from here on, everything arrives a second late
    expect(m.counts.gapMs).toBe(1_000);
  });

  it('does not count the silence of a muted track', () => {
    const m = new StreamGapMeter();
    let t = feed(m, 0, 100);
    m.restart(); // muted: frames stop for 5 s
    t += 5_000;
    m.restart(); // unmuted
    feed(m, t, 100);
    expect(m.counts.gapMs).toBe(0);
    expect(m.counts.receivedMs).toBe(6_400);
  });
});

const inbound = (ssrc: number, lost: number, concealed: number, silent: number) => ({
  stats: {
    case: 'inboundRtp',
    value: {
      stream: { ssrc, kind: 'audio' },
      received: { packetsReceived: 500n, packetsLost: BigInt(lost) },
      inbound: {
        concealedSamples: BigInt(concealed),
        silentConcealedSamples: BigInt(silent),
        totalSamplesReceived: 480_000n,
        totalSamplesDuration: 10,
      },
    },
  },
});

describe('RtpReceiveStats', () => {
  it('sums audio streams and keeps the last figures of streams that went away', () => {
    const r = new RtpReceiveStats();
    const video = { stats: { case: 'inboundRtp', value: { stream: { ssrc: 9, kind: 'video' } } } };
    const other = { stats: { case: 'transport', value: {} } };
    const first: SessionStats = {
      publisherStats: [inbound(1, 2, 9_600, 4_800), video],
      subscriberStats: [inbound(2, 0, 48_000, 48_000), other],
    };
    r.update(first);
    expect(r.counts).toEqual({ packetsReceived: 1_000, packetsLost: 2, concealedMs: 100 });
    // Stream 2 left; stream 1 lost one more packet.
    r.update({ publisherStats: [inbound(1, 3, 9_600, 4_800)], subscriberStats: [] });
    expect(r.counts).toEqual({ packetsReceived: 1_000, packetsLost: 3, concealedMs: 100 });
  });
});
