import { simulateOpus } from './opus.ts';
import { simulate } from './rtc.ts';
import type { Simulator } from './types.ts';

export { simulate } from './rtc.ts';
export { SOURCE_QUEUE_MS, SpeakerLink, type SpeakerLinkOptions } from './link.ts';
export { simulateOpus, ensureOpusPublisher, toOggOpus } from './opus.ts';
export { setRtcLogLevel } from './rtc-logs.ts';
export type { SimulateOptions, SimulatedSpeaker, SpeakerResult, Simulator } from './types.ts';

/**
 * The two ways to play simulated people into a room: `rtc` encodes their audio here with the
 * LiveKit SDK (as a browser would), `opus` sends audio encoded beforehand (a load generator
 * that leaves the machine's CPU to what it measures).
 */
export const simulators = { rtc: simulate, opus: simulateOpus } satisfies Record<string, Simulator>;
export type SimulatorName = keyof typeof simulators;
