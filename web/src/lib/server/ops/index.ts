export {
  createLogger,
  errorFields,
  log,
  type LogFields,
  type LogLevel,
  type Logger,
} from './log.ts';
export { DURATION_BUCKETS_MS, HttpMetrics, serveMetrics } from './metrics.ts';
export { checkReadiness, type Probe, type ReadinessReport } from './readiness.ts';
export { appMetrics, markShuttingDown, readiness } from './app.ts';
