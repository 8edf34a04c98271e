// Loaded by the agents framework in the worker's shared inference process (one per worker).
// It holds the pocketsphinx decoder pool every meeting job on the worker uses.
import { InferenceRunner } from '@livekit/agents';
import { sttConfigFromEnv } from '../config.ts';
import { LocalRecognizer } from './local.ts';
import { decodePcm, type SharedSttRequest, type SharedSttResponse } from './shared-local.ts';
import type { Utterance } from './types.ts';

export default class LocalSttRunner extends InferenceRunner<SharedSttRequest, SharedSttResponse> {
  #recognizer: LocalRecognizer | null = null;
  readonly #utterances = new Map<string, Utterance>();

  async initialize(): Promise<void> {
    const config = sttConfigFromEnv(process.env);
    this.#recognizer = new LocalRecognizer({ ...config.recognizer.local, maxDecoders: 16 });
    await this.#recognizer.warmup();
  }

  // Start and push act before the first await, so requests take effect in arrival order.
  async run(req: SharedSttRequest): Promise<SharedSttResponse> {
    const rec = this.#recognizer;
    if (!rec) throw new Error('shared recogniser not initialised');
    switch (req.op) {
      case 'start':
        this.#utterances.get(req.id)?.abort();
        this.#utterances.set(req.id, rec.startUtterance({ speaker: req.speaker }));
        return null;
      case 'push':
        this.#utterances.get(req.id)?.push(decodePcm(req.pcm));
        return null;
      case 'partial': {
        const u = this.#utterances.get(req.id);
        return { text: u ? await u.partial() : null };
      }
      case 'finish': {
        const u = this.#utterances.get(req.id);
        this.#utterances.delete(req.id);
        return { text: u ? await u.finish() : '' };
      }
      case 'abort':
        this.#utterances.get(req.id)?.abort();
        this.#utterances.delete(req.id);
        return null;
      case 'vocab':
        return { vocab: await rec.addVocabulary(req.terms) };
    }
  }

  async close(): Promise<void> {
    for (const u of this.#utterances.values()) u.abort();
    this.#utterances.clear();
    await this.#recognizer?.close();
  }
}
