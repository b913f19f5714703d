import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { approximateTokens } from './approximate-tokens.js';
import { type CountTokensInput, countInput } from './count-request.js';
import { encodingForModel } from './encoding-for-model.js';
import { loadEncoding, loadedEncoding } from './load-encoding.js';

/** Options of countTokens: the model whose tokenizer and image rules apply. */
export interface CountTokensOptions {
  /** A model id (`gpt-4o-mini`, `openai/gpt-4.1`, `llama3.1:8b`); unknown models are approximated. */
  model: string;
}

function modelOf(options: CountTokensOptions | undefined, caller: string): string {
  const model = options?.model;
  if (typeof model !== 'string' || model.trim() === '') {
    throw new InvalidOptionError({
      option: 'model',
      message: `${caller} needs { model }: the model id whose tokenizer counts the input, e.g. { model: 'gpt-4o-mini' }.`,
    });
  }
  return model;
}

/**
 * Input tokens of text, a conversation, or a request with tool definitions, as the API will count
 * them. Exact text counts for OpenAI models (o200k_base / cl100k_base) — the first call per
 * encoding loads the tokenizer (~0.45 s once); the chat framing, tool definitions and image tiles
 * follow OpenAI's documented and observed rules. Other models get `approximateTokens`.
 * @example await countTokens([{ role: 'user', content: 'AI란?' }], { model: 'gpt-4o-mini' }) // 10
 */
export async function countTokens(input: CountTokensInput, options: CountTokensOptions): Promise<number> {
  const model = modelOf(options, 'countTokens');
  const name = encodingForModel(model);
  const count = name ? (await loadEncoding(name)).count : approximateTokens;
  return countInput(input, count, model);
}

/**
 * countTokens without waiting: exact once the model's tokenizer is loaded (by `countTokens` or
 * `loadTokenizer`), `approximateTokens` until then. Never starts a load itself.
 */
export function countTokensSync(input: CountTokensInput, options: CountTokensOptions): number {
  const model = modelOf(options, 'countTokensSync');
  const name = encodingForModel(model);
  const encoding = name ? loadedEncoding(name) : undefined;
  return countInput(input, encoding ? encoding.count : approximateTokens, model);
}

/**
 * Loads the tokenizer of a model ahead of time (e.g. at startup, so the first budget check does
 * not pay ~0.45 s); resolves `true` when counts for it are exact, `false` for an approximated model.
 */
export async function loadTokenizer(options: CountTokensOptions): Promise<boolean> {
  const name = encodingForModel(modelOf(options, 'loadTokenizer'));
  if (!name) return false;
  await loadEncoding(name);
  return true;
}
