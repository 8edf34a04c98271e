export {
  conversation,
  dialogue,
  type DialogueLine,
  readPcm,
  speak,
  speechEnd,
  speechStart,
  type Conversation,
  type FliteVoice,
  type ScriptLine,
} from './speech.ts';
export { repoRoot, fixturesDir } from './paths.ts';
export { wordErrorRate } from '../transcription/wer.ts';
export {
  artifactsDir,
  devEnv,
  freePort,
  livekitServerEnv,
  queuePrefixFor,
  startAgentWorker,
  startNode,
  waitFor,
  type Proc,
} from './processes.ts';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
export { SENTENCES } from './corpus.ts';
