import type { SpeechRecognizer, Utterance } from './types.ts';

/**
 * The offline recogniser's languages: Debian's US English pocketsphinx model. On other speech
 * it writes English words that were never said, which is worse than nothing (they would be
 * stored, summarised, searched and suggested from).
 */
export function isEnglish(language: string): boolean {
  const primary = language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return primary === '' || primary === 'en';
}

/** Whether a recogniser can transcribe a language (one that does not say: yes). */
export function speaks(recognizer: SpeechRecognizer, language: string): boolean {
  return recognizer.speaks?.(language) ?? true;
}

/**
 * A recogniser that hears nothing: the one a meeting gets when its provider cannot do its
 * language. Audio still flows (the recording is whole); no text is made.
 */
export class SilentRecognizer implements SpeechRecognizer {
  readonly interimResults = false;
  /** The provider that cannot do the language (for logs and metrics). */
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  warmup(): Promise<void> {
    return Promise.resolve();
  }

  startUtterance(): Utterance {
    return {
      push: () => undefined,
      partial: () => Promise.resolve(null),
      finish: () => Promise.resolve(''),
      abort: () => undefined,
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
