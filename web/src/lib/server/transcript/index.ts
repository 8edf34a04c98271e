export {
  editTextFor,
  historyFor,
  mergeFor,
  renameSpeakerFor,
  splitFor,
  toApiSegment,
  transcriptFor,
} from './service.ts';
