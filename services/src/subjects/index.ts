export {
  buildMetricSeries,
  formatMetric,
  metricTrend,
  parseMetricValue,
  type MetricInput,
  type MetricPoint,
  type MetricSeries,
} from './metrics.ts';
export {
  briefFromMemory,
  buildBrief,
  loadSubjectMemory,
  sourceHref,
  type Brief,
  type BriefLine,
  type BriefMetric,
  type MemoryActionItem,
  type MemorySource,
  type MemoryUncovered,
  type SubjectMemory,
} from './memory.ts';
export { retrieveMemoryPassages, type PassageQuery } from './passages.ts';
