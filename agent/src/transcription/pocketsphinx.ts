import koffi from 'koffi';

/**
 * Minimal binding to Debian's libpocketsphinx (0.8+5prealpha C API) through koffi.
 * Every call that decodes runs on the libuv thread pool (koffi async) so audio keeps
 * moving on the event loop; calls on one decoder are serialised by `Decoder`.
 */

export interface PocketsphinxOptions {
  /** Folder holding `en-us/`, `en-us.lm.bin` and `cmudict-en-us.dict`. */
  modelDir: string;
  /** Second (flat-lexicon) pass at the end of an utterance: more accurate, a slower final. */
  fwdflat: boolean;
  /** Lattice best-path pass at the end of an utterance. */
  bestpath: boolean;
  /** Further pocketsphinx arguments by name without the dash (`{ maxhmmpf: '3000' }`). */
  extra: Readonly<Record<string, string>>;
}

/**
 * Search limits that cut decoding CPU by a third (real-time factor 0.119 → 0.079 on the flite
 * corpus): fewer active HMMs and word exits per frame, two Gaussians per codebook, phone
 * lookahead. This is what lets one worker decode ≥ 8 people at once. On their own they cost
 * words: on the tuning corpus (12 sentences × 3 voices) pocketsphinx alone goes from WER 0.076
 * to 0.098 with them, the pipeline was at 0.106. The second passes at the end of each utterance
 * win most of that back (0.087) for ≈ 1.15× the decoding time clean, 1.7× in a noisy room;
 * pocketsphinx's own wide limits (POCKETSPHINX_ACCURATE) gave 0.090 for 1.7× and 4.4×.
 */
export const FAST_SEARCH: Readonly<Record<string, string>> = {
  maxhmmpf: '3000',
  maxwpf: '5',
  topn: '2',
  pl_window: '10',
};

export const defaultPocketsphinxOptions: PocketsphinxOptions = {
  modelDir: '/usr/share/pocketsphinx/model/en-us',
  fwdflat: true,
  bestpath: true,
  extra: FAST_SEARCH,
};

type Ptr = unknown;
type AsyncFn = { async: (...args: unknown[]) => void };

interface Lib {
  psArgs: () => Ptr;
  cmdLnInit: (...args: unknown[]) => Ptr;
  psInit: AsyncFn & ((cfg: Ptr) => Ptr);
  psFree: (ps: Ptr) => number;
  startUtt: AsyncFn & ((ps: Ptr) => number);
  processRaw: AsyncFn &
    ((ps: Ptr, data: Int16Array, n: number, noSearch: number, full: number) => number);
  endUtt: AsyncFn & ((ps: Ptr) => number);
  getHyp: AsyncFn & ((ps: Ptr, score: number[]) => string | null);
  lookupWord: (ps: Ptr, word: string) => string | null;
  addWord: (ps: Ptr, word: string, phones: string, update: number) => number;
}

let lib: Lib | undefined;

function load(): Lib {
  if (lib) return lib;
  let sb: koffi.IKoffiLib;
  let ps: koffi.IKoffiLib;
  try {
    sb = koffi.load('libsphinxbase.so.3');
    ps = koffi.load('libpocketsphinx.so.3');
  } catch (err) {
    throw new Error(
      'local STT needs libpocketsphinx.so.3 (Debian packages pocketsphinx and pocketsphinx-en-us)',
      { cause: err },
    );
  }
  // pocketsphinx logs through one process-wide FILE*: `-logfn` per decoder would swap (and
  // close) it while other decoders log from pool threads. Off once, for every decoder.
  sb.func('void err_set_logfp(void* stream)')(null);
  lib = {
    psArgs: ps.func('void* ps_args()') as Lib['psArgs'],
    cmdLnInit: sb.func(
      'void* cmd_ln_init(void* inout, void* defn, int strict, ...)',
    ) as Lib['cmdLnInit'],
    psInit: ps.func('void* ps_init(void* config)') as Lib['psInit'],
    psFree: ps.func('int ps_free(void* ps)') as Lib['psFree'],
    startUtt: ps.func('int ps_start_utt(void* ps)') as Lib['startUtt'],
    processRaw: ps.func(
      'int ps_process_raw(void* ps, const int16_t* data, size_t n, int no_search, int full_utt)',
    ) as Lib['processRaw'],
    endUtt: ps.func('int ps_end_utt(void* ps)') as Lib['endUtt'],
    getHyp: ps.func('const char* ps_get_hyp(void* ps, _Out_ int32_t* score)') as Lib['getHyp'],
    // Returns a copy the caller should free; the few bytes per vocabulary word are left.
    lookupWord: ps.func(
      'const char* ps_lookup_word(void* ps, const char* word)',
    ) as Lib['lookupWord'],
    addWord: ps.func(
      'int ps_add_word(void* ps, const char* word, const char* phones, int update)',
    ) as Lib['addWord'],
  };
  return lib;
}

function callAsync<T>(fn: AsyncFn, ...args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    fn.async(...args, (err: unknown, res: T) =>
      err ? reject(err instanceof Error ? err : new Error('koffi call failed')) : resolve(res),
    );
  });
}

/** One pocketsphinx decoder. Operations queue up and run one at a time, off the event loop. */
export class Decoder {
  #ps: Ptr;
  #lib: Lib;
  #tail: Promise<unknown> = Promise.resolve();
  #freed = false;

  private constructor(l: Lib, ps: Ptr) {
    this.#lib = l;
    this.#ps = ps;
  }

  /**
   * Creates a decoder: ≈ 0.25 s of CPU and ≈ 95 MB with the default en-us models. The models
   * load on the libuv pool, so decoders already running keep their audio moving meanwhile.
   */
  static async create(options: Partial<PocketsphinxOptions> = {}): Promise<Decoder> {
    const o = { ...defaultPocketsphinxOptions, ...options };
    const l = load();
    const s = (v: string) => ['str', v];
    const dir = o.modelDir.replace(/\/$/, '');
    const cfg = l.cmdLnInit(
      null,
      l.psArgs(),
      1,
      ...s('-hmm'),
      ...s(`${dir}/en-us`),
      ...s('-lm'),
      ...s(`${dir}/en-us.lm.bin`),
      ...s('-dict'),
      ...s(`${dir}/cmudict-en-us.dict`),
      ...s('-fwdflat'),
      ...s(o.fwdflat ? 'yes' : 'no'),
      ...s('-bestpath'),
      ...s(o.bestpath ? 'yes' : 'no'),
      ...Object.entries(o.extra).flatMap(([k, v]) => [...s(`-${k}`), ...s(v)]),
      'void*',
      null,
    );
    if (!cfg) throw new Error(`pocketsphinx rejected its configuration (model dir ${dir})`);
    const ps = await callAsync<Ptr>(l.psInit, cfg);
    if (!ps) throw new Error(`pocketsphinx could not load its models from ${dir}`);
    return new Decoder(l, ps);
  }

  #enqueue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(op, op);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  startUtterance(): Promise<void> {
    return this.#enqueue(async () => {
      const rc = await callAsync<number>(this.#lib.startUtt, this.#ps);
      if (rc < 0) throw new Error('ps_start_utt failed');
    });
  }

  process(pcm: Int16Array): Promise<void> {
    return this.#enqueue(async () => {
      const rc = await callAsync<number>(this.#lib.processRaw, this.#ps, pcm, pcm.length, 0, 0);
      if (rc < 0) throw new Error('ps_process_raw failed');
    });
  }

  hypothesis(): Promise<string> {
    return this.#enqueue(async () => {
      const hyp = await callAsync<string | null>(this.#lib.getHyp, this.#ps, [0]);
      return hyp ?? '';
    });
  }

  endUtterance(): Promise<string> {
    return this.#enqueue(async () => {
      const rc = await callAsync<number>(this.#lib.endUtt, this.#ps);
      if (rc < 0) throw new Error('ps_end_utt failed');
      const hyp = await callAsync<string | null>(this.#lib.getHyp, this.#ps, [0]);
      return hyp ?? '';
    });
  }

  /** Phones of a dictionary word, or null when the word is unknown. */
  lookup(word: string): string | null {
    return this.#lib.lookupWord(this.#ps, word);
  }

  /**
   * Adds a word with its phones to the dictionary and the language model. Only between
   * utterances: call it through the operation queue.
   */
  addWord(word: string, phones: string): Promise<boolean> {
    return this.#enqueue(() => Promise.resolve(this.#lib.addWord(this.#ps, word, phones, 1) >= 0));
  }

  /** Frees the decoder once every queued operation has finished. */
  free(): Promise<void> {
    return this.#enqueue(() => {
      if (!this.#freed) {
        this.#freed = true;
        this.#lib.psFree(this.#ps);
      }
      return Promise.resolve();
    });
  }
}
