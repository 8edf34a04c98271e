// Helpers for tests and benchmarks that run the real processes against the dev services.
export {
  artifactsDir,
  devEnv,
  freePort,
  livekitServerEnv,
  queuePrefixFor,
  startNode,
  waitFor,
  type Proc,
} from './processes.ts';
export { repoRoot } from './paths.ts';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
export { ensureWebBuild } from './web-build.ts';
