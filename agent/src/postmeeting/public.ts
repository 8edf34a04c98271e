// What the web app uses: the queue (enqueue, job ids) and the Markdown export.
export {
  POSTMEETING_QUEUE,
  createPostmeetingQueue,
  defaultPostmeetingJobOptions,
  postmeetingJobId,
  requestPostmeeting,
  type PostmeetingJobData,
  type PostmeetingQueueOptions,
  type PostmeetingTrigger,
} from './queue.ts';
export { clock, mdEscape, summaryMarkdown, type MarkdownInput } from './markdown.ts';
// Tests of the web app run a worker in-process.
export { startPostmeetingWorker, type PostmeetingWorkerOptions } from './worker.ts';
