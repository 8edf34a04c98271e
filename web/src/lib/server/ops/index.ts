export { errorFields, log, logLine, type LogFields, type LogLevel } from './log.ts';
export { DURATION_BUCKETS_MS, HttpMetrics, serveMetrics } from './metrics.ts';
export { checkReadiness, type Probe, type ReadinessReport } from './readiness.ts';
export { appMetrics, isShuttingDown, markShuttingDown, readiness } from './app.ts';
