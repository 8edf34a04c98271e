import { createRequire } from 'node:module';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * Sets the level of @livekit/rtc-node's own logger. The SDK logs at `debug` to stdout unless
 * NODE_ENV is `production` and does not export its logger, so it is reached through the
 * package's CommonJS module (one instance: the ESM entry re-exports it). Returns false when the
 * SDK's layout has changed (nothing is set then).
 */
export function setRtcLogLevel(level: Level): boolean {
  try {
    const load = createRequire(import.meta.resolve('@livekit/rtc-node'));
    const mod = load('./log.cjs') as { log?: { level: string } };
    if (!mod.log) return false;
    mod.log.level = level;
    return true;
  } catch {
    return false;
  }
}
