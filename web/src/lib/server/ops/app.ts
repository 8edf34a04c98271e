import { getDb } from '../db.ts';
import { roomService } from '../livekit/index.ts';
import { getRedis } from '../redis.ts';
import { HttpMetrics } from './metrics.ts';
import { checkReadiness, type ReadinessReport } from './readiness.ts';

let metrics: HttpMetrics | undefined;
let shuttingDown = false;

/** The process-wide HTTP metrics. */
export function appMetrics(): HttpMetrics {
  metrics ??= new HttpMetrics();
  return metrics;
}

/** Marks the process as shutting down; false when it already was. */
export function markShuttingDown(): boolean {
  if (shuttingDown) return false;
  shuttingDown = true;
  return true;
}

/** Readiness of this web process: Postgres, Redis and LiveKit answer within `timeoutMs`. */
export async function readiness(timeoutMs = 2_000): Promise<ReadinessReport> {
  const report = await checkReadiness(
    {
      postgres: () =>
        getDb()
          .selectNoFrom((eb) => eb.lit(1).as('one'))
          .execute(),
      redis: () => getRedis().ping(),
      livekit: () => roomService().listRooms(['parley-readiness-probe']),
    },
    timeoutMs,
  );
  if (shuttingDown) return { ok: false, checks: { ...report.checks, process: 'shutting_down' } };
  return report;
}
