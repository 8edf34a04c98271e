import type { LiveKitConfig } from '../config.ts';

export interface SimulatedSpeaker {
  /** Participant identity (also its display name unless `name` is given). */
  identity: string;
  name?: string;
  /** WAV file to play as the microphone. */
  file: string;
  /** Participant attributes from the join token (e.g. a room microphone). */
  attributes?: Record<string, string>;
}

export interface SpeakerResult {
  identity: string;
  /** Wall-clock ms when the first sample was sent; sample k goes out at startedAt + k/16. */
  startedAt: number;
  durationMs: number;
  /**
   * How far behind real time the microphone finished (ms past `startedAt + durationMs` when its
   * last sample was played out). More than the source's queue means the receiver heard gaps.
   */
  lateMs: number;
  /** Audio frames that reached the room too late to be played: gaps the listeners heard. */
  droppedFrames: number;
}

export interface SimulateOptions {
  livekit: LiveKitConfig;
  room: string;
  speakers: SimulatedSpeaker[];
  /** Waits this long after joining before speaking (lets the agent subscribe). */
  leadInMs?: number;
  /** Stays in the room this long after the audio ends. */
  tailMs?: number;
  log?: (line: string) => void;
  /** Called when all speakers are connected and about to start. */
  onStart?: (at: number) => void;
}

/** Plays WAV files into a room as simulated people talking. */
export type Simulator = (o: SimulateOptions) => Promise<SpeakerResult[]>;
