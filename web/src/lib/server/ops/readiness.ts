import { TimeoutError, withTimeout } from '../timeout.ts';

/** One dependency probe: resolves when the dependency answers, rejects otherwise. */
export type Probe = () => Promise<unknown>;

export interface ReadinessReport {
  ok: boolean;
  /** `ok` or a short reason (error class / timeout), never a connection string. */
  checks: Record<string, string>;
}

/**
 * Runs every probe in parallel, each bounded by `timeoutMs`. Ready only when all answer; a
 * failing check is reported by name and a short reason (its error code), never the raw message,
 * which may contain hosts or credentials.
 */
export async function checkReadiness(
  probes: Record<string, Probe>,
  timeoutMs = 2_000,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<[string, string]> => {
      try {
        await withTimeout(probe(), timeoutMs, name);
        return [name, 'ok'];
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        const reason =
          typeof code === 'string' ? code : err instanceof TimeoutError ? 'timeout' : 'unavailable';
        return [name, reason];
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { ok: entries.every(([, v]) => v === 'ok'), checks };
}
