/**
 * Maps positions in an audio stream (ms of audio received) to wall-clock time. Audio stops
 * flowing while a track is muted, so the mapping is re-anchored whenever arrival time drifts
 * from the audio's own clock by more than `toleranceMs`.
 */
export class StreamClock {
  readonly #anchors: { streamMs: number; wallMs: number }[] = [];
  readonly #toleranceMs: number;
  #streamMs = 0;

  constructor(toleranceMs = 250) {
    this.#toleranceMs = toleranceMs;
  }

  /** Records that `durationMs` of audio arrived at wall time `now`. */
  onAudio(durationMs: number, now = Date.now()): void {
    const startWall = now - durationMs;
    const last = this.#anchors.at(-1);
    if (!last || Math.abs(this.wallAt(this.#streamMs) - startWall) > this.#toleranceMs) {
      this.#anchors.push({ streamMs: this.#streamMs, wallMs: startWall });
    }
    this.#streamMs += durationMs;
  }

  /** Wall-clock ms (epoch) of a position in the stream. */
  wallAt(streamMs: number): number {
    let a = this.#anchors[0];
    if (!a) return Date.now();
    for (let i = this.#anchors.length - 1; i >= 0; i--) {
      const x = this.#anchors[i];
      if (x && x.streamMs <= streamMs) {
        a = x;
        break;
      }
    }
    return a.wallMs + (streamMs - a.streamMs);
  }
}
