// The simulator counts usage the way OpenAI's server does: with the model's own BPE encoding, from
// the gpt-tokenizer package (pure JavaScript, no download). It imports nothing of toolloop's, so it
// keeps its own small copy of the model → encoding rule.

/** The encodings the simulator counts with. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

interface Encoding {
  countTokens(text: string, options: { disallowedSpecial: Set<string> }): number;
  encode(text: string, options: { disallowedSpecial: Set<string> }): number[];
  decode(tokens: Iterable<number>): string;
}

/** A loaded encoding with a bounded cache of counts: requests repeat the same texts step after step. */
export interface Tokenizer {
  count(text: string): number;
  /** The first `maxTokens` tokens of the text, cut at a whole character. */
  truncate(text: string, maxTokens: number): string;
}

const PLAIN = { disallowedSpecial: new Set<string>() };
const CACHE_ENTRIES = 4096;
const CACHE_TEXT_CHARS = 16 * 1024;

const importers: Record<EncodingName, () => Promise<Encoding>> = {
  o200k_base: () => import('gpt-tokenizer/encoding/o200k_base'),
  cl100k_base: () => import('gpt-tokenizer/encoding/cl100k_base'),
};
const loaded = new Map<EncodingName, Tokenizer>();
const loading = new Map<EncodingName, Promise<Tokenizer>>();

/** gpt-4 and gpt-3.5 count with cl100k_base; every other model (all current OpenAI models) with o200k_base. */
export function encodingFor(model: string): EncodingName {
  const id = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  return /^(?:gpt-4|gpt-3\.5|gpt-35)(?:$|[-.:])/.test(id) && !/^gpt-4(?:o|\.1|\.5)/.test(id)
    ? 'cl100k_base'
    : 'o200k_base';
}

function tokenizerOf(encoding: Encoding): Tokenizer {
  const counts = new Map<string, number>();
  return {
    count(text) {
      if (text === '') return 0;
      if (text.length > CACHE_TEXT_CHARS) return encoding.countTokens(text, PLAIN);
      let tokens = counts.get(text);
      if (tokens === undefined) {
        tokens = encoding.countTokens(text, PLAIN);
        if (counts.size >= CACHE_ENTRIES) counts.clear();
        counts.set(text, tokens);
      }
      return tokens;
    },
    truncate(text, maxTokens) {
      const tokens = encoding.encode(text, PLAIN);
      if (tokens.length <= maxTokens) return text;
      // A token can end inside a character (Korean syllables span tokens): drop the broken tail.
      return encoding.decode(tokens.slice(0, maxTokens)).replace(/\uFFFD+$/, '');
    },
  };
}

/** Loads an encoding once per process (o200k_base ~0.45 s, cl100k_base ~0.2 s). */
export function loadTokenizer(name: EncodingName): Promise<Tokenizer> {
  const ready = loaded.get(name);
  if (ready) return Promise.resolve(ready);
  let promise = loading.get(name);
  if (!promise) {
    promise = importers[name]().then((encoding) => {
      const tokenizer = tokenizerOf(encoding);
      loaded.set(name, tokenizer);
      loading.delete(name);
      return tokenizer;
    });
    loading.set(name, promise);
  }
  return promise;
}

/** The tokenizer if it has been loaded; the server waits for `loadTokenizer` before answering otherwise. */
export function loadedTokenizer(name: EncodingName): Tokenizer | undefined {
  return loaded.get(name);
}
