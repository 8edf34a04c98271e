export {
  FollowupRetryError,
  sendFollowup,
  type FollowupDeps,
  type FollowupOutcome,
} from './send.ts';
export { startFollowupWorker } from './worker.ts';
