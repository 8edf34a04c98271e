// Agent worker entry: `pnpm agent start|dev|connect` (or `node agent/src/main.ts start`).
import { cli, ServerOptions } from '@livekit/agents';
import { fileURLToPath } from 'node:url';
import { workerConfigFromEnv } from './config.ts';

/** Starts the LiveKit Agents worker; jobs are dispatched explicitly by agent name. */
export function runWorker(): void {
  let config;
  try {
    config = workerConfigFromEnv(process.env);
  } catch (err) {
    console.error(`agent: ${(err as Error).message}`);
    process.exit(2);
  }
  cli.runApp(
    new ServerOptions({
      agent: fileURLToPath(new URL('./worker.ts', import.meta.url)),
      agentName: config.agentName,
      wsURL: config.livekit.url,
      apiKey: config.livekit.apiKey,
      apiSecret: config.livekit.apiSecret,
      numIdleProcesses: config.idleProcesses,
      loadThreshold: config.loadThreshold,
      port: config.httpPort,
      host: '127.0.0.1',
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runWorker();
