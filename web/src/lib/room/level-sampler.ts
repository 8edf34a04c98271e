/**
 * Samples the level (0–100) of a microphone track about 20 times a second through an
 * AnalyserNode on its own small AudioContext. Returns a stop function.
 */
import { levelFromRms, rms, smoothLevel } from './levels.ts';

export function sampleLevel(track: MediaStreamTrack, onLevel: (level: number) => void): () => void {
  const Ctx = globalThis.AudioContext as typeof AudioContext | undefined;
  if (!Ctx) return () => undefined;
  const ctx = new Ctx();
  const source = ctx.createMediaStreamSource(new MediaStream([track]));
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  let level = 0;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    analyser.getFloatTimeDomainData(buf);
    level = smoothLevel(level, levelFromRms(rms(buf)));
    onLevel(level);
  }, 50);
  void ctx.resume().catch(() => undefined);
  return () => {
    stopped = true;
    clearInterval(timer);
    source.disconnect();
    void ctx.close().catch(() => undefined);
  };
}
