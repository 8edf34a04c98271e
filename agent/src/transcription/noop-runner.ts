// Registered under the agents framework's end-of-turn model name: Parley transcribes and does
// not take turns, so the shared inference process should not load that model.
import { InferenceRunner } from '@livekit/agents';

/** Name under which agents-js 1.9 registers its local end-of-turn model runner. */
export const AGENTS_EOT_METHOD = 'lk_eot_audio';

export default class NoopRunner extends InferenceRunner<unknown, null> {
  initialize(): Promise<void> {
    return Promise.resolve();
  }
  run(): Promise<null> {
    return Promise.reject(new Error('end-of-turn detection is not used by Parley'));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
