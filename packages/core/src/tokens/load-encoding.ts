import { MissingDependencyError } from '../errors/missing-dependency-error.js';
import type { EncodingName } from './encoding-for-model.js';

/** A loaded BPE encoding: counts, encodes and decodes text with special tokens read as plain text. */
export interface LoadedEncoding {
  readonly name: EncodingName;
  count(text: string): number;
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
}

interface GptTokenizerEncoding {
  countTokens(text: string, options: { disallowedSpecial: Set<string> }): number;
  encode(text: string, options: { disallowedSpecial: Set<string> }): number[];
  decode(tokens: Iterable<number>): string;
}

// Text a user sends is never a control token: `<|endoftext|>` in a prompt is counted as the
// characters it is (as the API does), not refused (gpt-tokenizer's default) nor read as one token.
const PLAIN = { disallowedSpecial: new Set<string>() };

// One literal import per encoding so bundlers see both, and importing core loads neither.
const importers: Record<EncodingName, () => Promise<GptTokenizerEncoding>> = {
  o200k_base: () => import('gpt-tokenizer/encoding/o200k_base'),
  cl100k_base: () => import('gpt-tokenizer/encoding/cl100k_base'),
};

const loaded = new Map<EncodingName, LoadedEncoding>();
const loading = new Map<EncodingName, Promise<LoadedEncoding>>();

/**
 * Loads an encoding once per process (o200k_base takes ~0.45 s and ~30 MB of heap the first
 * time, cl100k_base ~0.2 s); later calls resolve with the same object.
 */
export function loadEncoding(name: EncodingName): Promise<LoadedEncoding> {
  const ready = loaded.get(name);
  if (ready) return Promise.resolve(ready);
  let promise = loading.get(name);
  if (!promise) {
    promise = importers[name]().then(
      (module) => {
        const encoding: LoadedEncoding = {
          name,
          count: (text) => (text === '' ? 0 : module.countTokens(text, PLAIN)),
          encode: (text) => module.encode(text, PLAIN),
          decode: (tokens) => module.decode(tokens),
        };
        loaded.set(name, encoding);
        loading.delete(name);
        return encoding;
      },
      (error: unknown) => {
        loading.delete(name);
        throw new MissingDependencyError({
          packageName: 'gpt-tokenizer',
          feature: `The ${name} tokenizer`,
          requiredBy: '@toolloop/core',
          cause: error,
        });
      },
    );
    loading.set(name, promise);
  }
  return promise;
}

/** The encoding if an earlier `loadEncoding` finished, else `undefined`: never starts a load. */
export function loadedEncoding(name: EncodingName): LoadedEncoding | undefined {
  return loaded.get(name);
}
