export {
  conversation,
  dialogue,
  type DialogueLine,
  readPcm,
  speak,
  speechEnd,
  speechStart,
  spokenScript,
  type Conversation,
  type FliteVoice,
  type ScriptLine,
} from './speech.ts';
export { fixturesDir } from './paths.ts';
export { normalizeWords, wordErrorRate } from '../transcription/wer.ts';
export { startAgentWorker } from './processes.ts';
export { agentCounter, receivedAudio, scrapeAgent, type ReceivedAudio } from './agent-metrics.ts';
// The generic process helpers, for the agent's tests and the benchmarks.
export {
  artifactsDir,
  devEnv,
  freePort,
  freeUdpPort,
  livekitServerEnv,
  queuePrefixFor,
  repoRoot,
  startNode,
  startTcpProxy,
  waitFor,
  type Proc,
  type TcpProxy,
} from '@parley/testkit';
export { SENTENCES } from './corpus.ts';
export {
  formatLatencyModel,
  hostedSttLatency,
  latencySampler,
  parseLatencyModel,
  type LatencyModel,
} from './latency-model.ts';
export { ScriptOracle, type OracleMatch } from './script-oracle.ts';
export { startFakeDeepgram, type FakeDeepgramServer } from './deepgram-server.ts';
export {
  firstInterimDirect,
  type DirectFirsts,
  type DirectListenOptions,
} from './direct-listen.ts';
export type { Arrival, SentMessage, StreamingFakeState } from './streaming-fake.ts';
export { UNSEEN_SENTENCES } from './unseen-corpus.ts';
export { CONDITIONS, render, type Condition, type RoomOptions } from './render.ts';
export { engineTranscript } from './engine.ts';
export { dialogueFile, silenceFile, type ImportFixture } from '../imports/fixtures.ts';
