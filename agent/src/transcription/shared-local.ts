import { concatPcm } from './wav.ts';
import type { SpeechRecognizer, Utterance, UtteranceOptions, VocabularyResult } from './types.ts';
import { isEnglish } from './languages.ts';

/** Name under which the shared pocketsphinx runner is registered with the agents framework. */
export const SHARED_LOCAL_STT_METHOD = 'parley.local_stt';

/** Messages between a job and the shared recogniser process (JSON over IPC). */
export type SharedSttRequest =
  | { op: 'start'; id: string; speaker?: string }
  | { op: 'push'; id: string; pcm: string }
  | { op: 'partial'; id: string }
  | { op: 'finish'; id: string }
  | { op: 'abort'; id: string }
  | { op: 'vocab'; terms: string[] };

export type SharedSttResponse = { text: string | null } | { vocab: VocabularyResult } | null;

/** The job side of the agents framework's inference executor. */
export interface InferenceClient {
  doInference(method: string, data: unknown): Promise<unknown>;
}

export function encodePcm(pcm: Int16Array): string {
  return Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64');
}

export function decodePcm(b64: string): Int16Array {
  const buf = Buffer.from(b64, 'base64');
  // A copy into a fresh (aligned) buffer; samples are little-endian like every host Node runs on.
  return new Int16Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + (buf.byteLength & ~1)));
}

/**
 * Local recognition in the worker's shared inference process: every meeting job on the
 * worker uses one pool of pocketsphinx decoders there, sized by how many people speak at
 * once across all meetings, instead of a pool (≈ 90 MB per decoder) in each job process.
 * Audio goes over IPC in ~100 ms chunks while the person speaks.
 */
export class SharedLocalRecognizer implements SpeechRecognizer {
  readonly name = 'local';
  readonly interimResults = true;
  readonly speaks = isEnglish;
  readonly #client: InferenceClient;
  readonly #chunkSamples: number;
  #n = 0;

  constructor(client: InferenceClient, chunkMs = 100) {
    this.#client = client;
    this.#chunkSamples = (chunkMs * 16_000) / 1000;
  }

  #call(req: SharedSttRequest): Promise<SharedSttResponse> {
    return this.#client.doInference(SHARED_LOCAL_STT_METHOD, req) as Promise<SharedSttResponse>;
  }

  warmup(): Promise<void> {
    return Promise.resolve();
  }

  async addVocabulary(terms: string[]): Promise<VocabularyResult> {
    const r = await this.#call({ op: 'vocab', terms });
    return r && 'vocab' in r ? r.vocab : { added: [], skipped: [] };
  }

  startUtterance(options: UtteranceOptions = {}): Utterance {
    const id = `${process.pid}-${++this.#n}`;
    const call = (req: SharedSttRequest) => this.#call(req);
    const chunkSamples = this.#chunkSamples;
    let pending: Int16Array[] = [];
    let pendingSamples = 0;
    let done = false;
    // Requests are sent in order; failures surface in finish().
    let failed: unknown = null;
    const note = (p: Promise<unknown>) => p.catch((err: unknown) => (failed ??= err));
    const flush = () => {
      if (pendingSamples === 0) return;
      const all = concatPcm(pending);
      pending = [];
      pendingSamples = 0;
      void note(call({ op: 'push', id, pcm: encodePcm(all) }));
    };
    void note(call({ op: 'start', id, speaker: options.speaker }));
    return {
      push(pcm) {
        if (done) return;
        pending.push(pcm);
        pendingSamples += pcm.length;
        if (pendingSamples >= chunkSamples) flush();
      },
      async partial() {
        if (done) return null;
        const r = await call({ op: 'partial', id }).catch(() => null);
        return r && 'text' in r ? r.text : null;
      },
      async finish() {
        flush();
        done = true;
        const r = await call({ op: 'finish', id });
        if (failed) throw failed instanceof Error ? failed : new Error('shared recogniser failed');
        return r && 'text' in r ? (r.text ?? '') : '';
      },
      abort() {
        if (done) return;
        done = true;
        pending = [];
        void call({ op: 'abort', id }).catch(() => undefined);
      },
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
