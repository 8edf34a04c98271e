// Helpers for tests and benchmarks that run the real processes against the dev services.
export {
  artifactsDir,
  devEnv,
  freePort,
  freeUdpPort,
  GiveUp,
  killTree,
  livekitServerEnv,
  processTree,
  queuePrefixFor,
  startNode,
  startProcess,
  waitFor,
  within,
  type Proc,
} from './processes.ts';
export {
  LIVEKIT_BIN,
  startLiveKitNode,
  type LiveKitNode,
  type LiveKitNodeOptions,
} from './livekit.ts';
export { fetchOnce } from './http.ts';
export { repoRoot } from './paths.ts';
export {
  MAILPIT_VERSION,
  mailpitBin,
  startMailpit,
  type Mailpit,
  type MailpitMessage,
  type MailpitOptions,
} from './mailpit.ts';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
export { ensureWebBuild } from './web-build.ts';
