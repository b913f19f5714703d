import { findByModelId } from '../pricing/find-by-model-id.js';

/** How many tokens a model takes in one call: the whole window, and the most it may write. */
export interface ContextWindow {
  /** Input plus output tokens of one call. */
  contextTokens: number;
  /** The most output tokens one call may produce (reasoning included). */
  maxOutputTokens: number;
}

/** Context windows by model id, the same shape of table as `defaultPrices`. */
export type ContextWindowTable = Readonly<Record<string, ContextWindow>>;

/**
 * OpenAI's published context windows and output limits (model pages, 2025). Pass your own table
 * (or `maxInputTokens`) for other models; an unknown model has no window, never a guessed one.
 */
export const defaultContextWindows: ContextWindowTable = {
  'gpt-5': { contextTokens: 400_000, maxOutputTokens: 128_000 },
  'gpt-5-mini': { contextTokens: 400_000, maxOutputTokens: 128_000 },
  'gpt-5-nano': { contextTokens: 400_000, maxOutputTokens: 128_000 },
  'gpt-4.1': { contextTokens: 1_047_576, maxOutputTokens: 32_768 },
  'gpt-4.1-mini': { contextTokens: 1_047_576, maxOutputTokens: 32_768 },
  'gpt-4.1-nano': { contextTokens: 1_047_576, maxOutputTokens: 32_768 },
  'gpt-4o': { contextTokens: 128_000, maxOutputTokens: 16_384 },
  'gpt-4o-mini': { contextTokens: 128_000, maxOutputTokens: 16_384 },
  o1: { contextTokens: 200_000, maxOutputTokens: 100_000 },
  o3: { contextTokens: 200_000, maxOutputTokens: 100_000 },
  'o3-mini': { contextTokens: 200_000, maxOutputTokens: 100_000 },
  'o4-mini': { contextTokens: 200_000, maxOutputTokens: 100_000 },
  'gpt-4-turbo': { contextTokens: 128_000, maxOutputTokens: 4_096 },
  'gpt-4': { contextTokens: 8_192, maxOutputTokens: 8_192 },
  'gpt-3.5-turbo': { contextTokens: 16_385, maxOutputTokens: 4_096 },
};

/**
 * The context window of a model id (dated snapshots and vendor prefixes find their base entry,
 * as prices do), or `undefined` for a model the table does not list.
 * @example findContextWindow('gpt-4o-mini-2024-07-18') // { contextTokens: 128000, maxOutputTokens: 16384 }
 */
export function findContextWindow(
  modelId: string,
  windows: ContextWindowTable = defaultContextWindows,
): ContextWindow | undefined {
  return findByModelId(windows, modelId);
}
