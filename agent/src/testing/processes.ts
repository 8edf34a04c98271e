// Starts agent workers for tests and benchmarks that run the real processes.
import { freePort, queuePrefixFor, startNode, waitFor, type Proc } from '@parley/testkit';

/**
 * Starts an agent worker with an agent name of its own (so no other worker on the machine
 * takes its jobs) and waits until LiveKit has registered it.
 */
export async function startAgentWorker(
  env: Record<string, string>,
  name = 'agent',
): Promise<Proc & { agentName: string; metricsPort: number }> {
  const agentName =
    env.PARLEY_AGENT_NAME ?? `parley-test-${Math.random().toString(36).slice(2, 8)}`;
  const metricsPort = await freePort();
  const p = startNode(name, ['agent/src/main.ts', 'start'], {
    // agents-js reads port 0 as "the default"; give every worker a free port of its own.
    AGENT_HTTP_PORT: String(await freePort()),
    AGENT_METRICS_PORT: String(metricsPort),
    LOG_LEVEL: 'info',
    // Test workers share Redis: no hourly retention scheduler from each of them.
    RETENTION_INTERVAL_MINUTES: '0',
    POSTMEETING_QUEUE_PREFIX: queuePrefixFor(env.DATABASE_URL),
    ...env,
    PARLEY_AGENT_NAME: agentName,
  });
  try {
    await waitFor(
      'the agent worker to register',
      () => /registered worker/i.test(p.output()),
      60_000,
    );
  } catch (err) {
    await p.stop();
    throw new Error(
      `agent worker did not start:\n${p.output().split('\n').slice(-15).join('\n')}`,
      {
        cause: err,
      },
    );
  }
  return { ...p, agentName, metricsPort };
}
