export {
  JobMetrics,
  LATENCY_BUCKETS_MS,
  type CounterName,
  type JobSnapshot,
} from './job-metrics.ts';
export {
  readSnapshots,
  renderMetrics,
  serveMetrics,
  workerReadiness,
  type Readiness,
  type ServeMetricsOptions,
} from './exposition.ts';
export { LoopStallWatch, type LoopStallOptions, type LoopStalls } from './loop-stall.ts';
