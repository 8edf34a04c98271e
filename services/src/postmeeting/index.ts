export {
  POSTMEETING_QUEUE,
  PostmeetingBusyError,
  createPostmeetingQueue,
  defaultPostmeetingJobOptions,
  postmeetingJobId,
  requestPostmeeting,
  rerunPostmeeting,
  type PostmeetingJobData,
  type PostmeetingQueue,
  type PostmeetingQueueOptions,
  type PostmeetingTrigger,
} from './queue.ts';
