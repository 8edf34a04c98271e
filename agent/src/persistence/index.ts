export {
  SegmentWriter,
  defaultSegmentWriterOptions,
  type SegmentWriterEvents,
  type SegmentWriterOptions,
} from './segment-writer.ts';
export { RedisSpool, type SegmentSpool } from './spool.ts';
export {
  SegmentStore,
  defaultSegmentStoreOptions,
  type SegmentStoreOptions,
} from './segment-store.ts';
export { SttUsageRecorder, type SttUsageEvents } from './stt-usage.ts';
export { advertiseSttProviders } from './stt-providers-ad.ts';
