export {
  SegmentWriter,
  defaultSegmentWriterOptions,
  type SegmentWriterEvents,
  type SegmentWriterOptions,
} from './segment-writer.ts';
