// Agent worker entry: `pnpm agent start|dev|connect` (or `node agent/src/main.ts start`).
import { cli, InferenceRunner, ServerOptions } from '@livekit/agents';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, errorFields } from '@parley/services/log';
import { shareCompileCache } from './compile-cache.ts';
import { workerConfigFromEnv } from './config.ts';
import { LoopStallWatch, serveMetrics, workerReadiness } from './metrics/index.ts';
import { postmeetingConfigFromEnv, startPostmeetingService } from './postmeeting/index.ts';
import { startRecordingMaintenance } from './recording/index.ts';
import { advertiseSttProviders } from './persistence/index.ts';
import { SHARED_LOCAL_STT_METHOD, usableSttProviders } from './transcription/index.ts';
import { AGENTS_EOT_METHOD } from './transcription/noop-runner.ts';

/** Starts the LiveKit Agents worker; jobs are dispatched explicitly by agent name. */
export function runWorker(): void {
  const log = createLogger({ service: 'parley-agent' });
  // Job processes inherit the environment: tell them where to leave their metrics.
  process.env.PARLEY_METRICS_DIR ??= join(tmpdir(), `parley-agent-${process.pid}`);
  // …and each meeting's process reuses the code compiled by the ones before it.
  shareCompileCache(process.env);
  let config;
  try {
    config = workerConfigFromEnv(process.env);
  } catch (err) {
    console.error(`agent: ${(err as Error).message}`);
    process.exit(2);
  }
  // Drain on SIGTERM/SIGINT (the framework's `start` mode does it: the worker tells LiveKit it is
  // full, so no new meetings come, and waits up to drainTimeout for running ones; then every job
  // closes, flushing its segments). /readyz turns 503 at once.
  let draining = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      draining = true;
      log.info({ signal }, 'draining worker');
    });
  }
  // The framework's loop monitor ticks every 20 ms in two threads of every process, spares too
  // (≈ 1.5 % of a core per process); Parley watches with one 100 ms timer instead
  // (AGENT_LOOP_STALL_MS). Job processes inherit the setting.
  process.env.LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS = String(config.frameworkLoopWarnMs);
  if (config.loopStallMs > 0) {
    const loop = new LoopStallWatch({ stallMs: config.loopStallMs });
    setInterval(() => {
      const w = loop.take();
      if (w.stalls > 0) log.warn({ ...w }, 'event loop stalled');
    }, 5_000).unref();
  }
  const healthUrl = config.httpPort > 0 ? `http://127.0.0.1:${config.httpPort}/` : null;
  if (config.metricsDir && config.metricsPort > 0) {
    mkdirSync(config.metricsDir, { recursive: true });
    const port = config.metricsPort;
    serveMetrics(config.metricsDir, port, config.metricsHost, {
      readiness: () => workerReadiness(draining, healthUrl),
    })
      .on('error', (err: NodeJS.ErrnoException) => {
        console.error(
          `agent: cannot serve metrics on port ${port} (AGENT_METRICS_PORT): ${err.code ?? 'error'}`,
        );
        process.exit(2);
      })
      .unref();
  }
  // Parley never takes turns: keep the framework's end-of-turn model out of memory.
  InferenceRunner.registerRunner(
    AGENTS_EOT_METHOD,
    fileURLToPath(new URL('./transcription/noop-runner.ts', import.meta.url)),
  );
  if (config.sharedStt) {
    InferenceRunner.registerRunner(
      SHARED_LOCAL_STT_METHOD,
      fileURLToPath(new URL('./transcription/shared-local-runner.ts', import.meta.url)),
    );
  }
  // Which speech providers this worker can use, for the team settings page.
  if (config.redisUrl)
    advertiseSttProviders(config.redisUrl, usableSttProviders(config.stt.recognizer));
  // Recording retention and the orphan sweep (one worker of the fleet per interval).
  startRecordingMaintenance(config).catch((err: unknown) =>
    log.warn(errorFields(err), 'recording maintenance not started'),
  );
  // Post-meeting chains (BullMQ) run inside this process by default; POSTMEETING_WORKER=false
  // leaves them to `pnpm agent jobs` processes scaled on their own.
  if (config.redisUrl) {
    try {
      const pm = postmeetingConfigFromEnv(process.env);
      if (pm.inAgent) startPostmeetingService(pm);
    } catch (err) {
      console.error(`agent: ${(err as Error).message}`);
      process.exit(2);
    }
  } else {
    log.warn('no REDIS_URL, so no post-meeting worker in this process');
  }
  const maxJobs = config.maxJobs;
  cli.runApp(
    new ServerOptions({
      agent: fileURLToPath(new URL('./worker.ts', import.meta.url)),
      agentName: config.agentName,
      wsURL: config.livekit.url,
      apiKey: config.livekit.apiKey,
      apiSecret: config.livekit.apiSecret,
      numIdleProcesses: config.idleProcesses,
      drainTimeout: config.drainTimeoutS * 1000,
      // Load is the share of job slots in use, not machine CPU: on a host shared with LiveKit,
      // Postgres and the web app, CPU says little about what one more meeting costs.
      loadFunc: (worker) => Promise.resolve(worker.activeJobs.length / maxJobs),
      loadThreshold: 1,
      port: config.httpPort,
      host: '127.0.0.1',
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runWorker();
