import type { AgentState as AgentAttribute } from '@parley/protocol';

/** Participants as the room lists them. The agent is `joining` until it sets its state. */
export type AgentState = AgentAttribute | 'joining';

/** How the room names the agent's state. */
export const AGENT_STATE_LABELS: Record<AgentState, string> = {
  transcribing: 'Transcribing',
  paused: 'Paused',
  not_transcribing: 'Not transcribing',
  joining: 'Joining',
};

export interface PersonView {
  identity: string;
  name: string;
  isAgent: boolean;
  isLocal: boolean;
  isGuest: boolean;
  speaking: boolean;
  /** Has a microphone published and it is muted. */
  micMuted: boolean;
  hasMic: boolean;
  agentState: AgentState;
  /** This person asked not to be transcribed. */
  paused: boolean;
  /** Their microphone is a shared room microphone (several people on it). */
  roomMic: boolean;
}
