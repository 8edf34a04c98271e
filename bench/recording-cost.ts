// What the agent-side recorder costs per meeting: the TimelineMixer (3 speakers, 32 ms frames as
// the STT pipelines decode them) and the ffmpeg Opus/Ogg encoder, over a simulated meeting fed
// faster than real time. CPU per minute of meeting, share of one core in a live meeting, and the
// size of the recording.
//   pnpm bench recording-cost [--minutes 10]
import { fixturesDir, readPcm, SENTENCES, speak } from '@parley/agent/testing';
import { OggOpusEncoder, TimelineMixer } from '../agent/src/recording/index.ts';
import { selfCpuS, TreeCpu } from './lib/cpu.ts';
import { benchArgs } from './lib/args.ts';
import type { Benchmark } from './lib/run.ts';
import { round } from './lib/stats.ts';

const SR = 16_000;
const FRAME = 512; // 32 ms

const bench: Benchmark = {
  async run(args, log) {
    const values = benchArgs(args, { minutes: { type: 'string', default: '10' } });
    const minutes = Number(values.minutes);
    const voices = ['slt', 'awb', 'rms'] as const;
    // Each speaker: their sentences with pauses, so the mix has speech, overlap and silence.
    const tracks: Int16Array[] = [];
    for (const [i, voice] of voices.entries()) {
      const pcm = await readPcm(await speak(SENTENCES[i] ?? 'Hello.', voice, fixturesDir));
      const total = new Int16Array(minutes * 60 * SR);
      const period = pcm.length + (3 + i) * SR;
      for (let at = i * SR; at + pcm.length < total.length; at += period) total.set(pcm, at);
      tracks.push(total);
    }
    log(`${minutes} min meeting, ${tracks.length} speakers`);

    // Mixer alone (what runs in the job process).
    const origin = 1_000_000;
    const mixer = new TimelineMixer(origin);
    const mixed: Int16Array[] = [];
    const frames = Math.floor((minutes * 60 * SR) / FRAME);
    const c0 = selfCpuS();
    for (let f = 0; f < frames; f++) {
      const now = origin + ((f + 1) * FRAME * 1000) / SR;
      for (const [i, t] of tracks.entries())
        mixer.push(`TR_${i}`, t.subarray(f * FRAME, (f + 1) * FRAME), now);
      if (f % 16 === 0) mixed.push(mixer.drain(now));
    }
    mixed.push(mixer.finish(origin + (frames * FRAME * 1000) / SR));
    const mixerS = selfCpuS() - c0;
    log(`mixer: ${round(mixerS * 1000, 1)} ms CPU`);

    // ffmpeg (a child process of the job).
    const tree = new TreeCpu(process.pid, 50);
    const before = tree.total();
    const self0 = selfCpuS();
    let bytes = 0;
    const t0 = Date.now();
    const enc = new OggOpusEncoder((c) => (bytes += c.length));
    for (const m of mixed) enc.write(m);
    await enc.end();
    const wallS = (Date.now() - t0) / 1000;
    // The tree's total keeps ffmpeg's last sample (every 50 ms) after it exits.
    const ffmpegS = Math.max(0, tree.total() - before - (selfCpuS() - self0));
    tree.stop();
    log(`ffmpeg: ${round(ffmpegS * 1000, 1)} ms CPU, ${round(wallS, 2)} s wall, ${bytes} bytes`);

    const perMin = (s: number) => round((s * 1000) / minutes, 2);
    return {
      mixer_cpu_ms_per_meeting_min: perMin(mixerS),
      ffmpeg_cpu_ms_per_meeting_min: perMin(ffmpegS),
      // Share of one core a live meeting costs (both together), in percent.
      core_pct_per_meeting: round(((mixerS + ffmpegS) / (minutes * 60)) * 100, 3),
      opus_kb_per_meeting_min: round(bytes / 1000 / minutes, 1),
      encode_speed_x_realtime: round((minutes * 60) / wallS, 0),
    };
  },
};

export default bench;
