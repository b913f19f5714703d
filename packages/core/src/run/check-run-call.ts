import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { RunInput } from './types.js';

const runOptionNames = new Set([
  'signal',
  'runId',
  'middleware',
  'model',
  'output',
  'outputStrategy',
  'batchItem',
]);
const sendableUrl = /^(https?:|data:)/i;

/** `batchItem`, when given, must carry both ids as strings: they are written to every log record. */
function checkBatchItem(method: 'run' | 'stream', batchItem: unknown): void {
  if (batchItem === undefined) return;
  const item = batchItem as { batchId?: unknown; customId?: unknown } | null;
  if (
    typeof item === 'object' &&
    item !== null &&
    typeof item.batchId === 'string' &&
    typeof item.customId === 'string'
  )
    return;
  throw new InvalidOptionError({
    option: 'batchItem',
    message: `agent.${method}(): batchItem must be { batchId: string, customId: string } (the batch's id and the item's custom_id), got ${JSON.stringify(batchItem)}.`,
  });
}

/**
 * Refuses, before anything is sent, what a run would otherwise silently drop: an option `run()`
 * does not take (`{ images }`, a typo), and an image part whose `url` no provider can fetch (a bare
 * file path such as `./photo.png`).
 */
export function checkRunCall(method: 'run' | 'stream', input: RunInput, options: object): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError({
      option: 'options',
      message: `agent.${method}(input, options): options must be an object such as { signal }, got ${String(options)}.`,
    });
  }
  for (const name of Object.keys(options)) {
    if (runOptionNames.has(name)) continue;
    const hint =
      name === 'images' || name === 'image'
        ? ' Images go in the input, as parts of a user message: [{ role: "user", content: [{ type: "text", text }, await image.fromFile(path)] }] (image from @toolloop/images).'
        : ' Generation settings (maxTokens, temperature, …) go to createAgent({ settings }).';
    throw new InvalidOptionError({
      option: name,
      message: `agent.${method}() has no option \`${name}\`; it takes { signal, runId, middleware, model, output, outputStrategy, batchItem }.${hint}`,
    });
  }
  checkBatchItem(method, (options as { batchItem?: unknown }).batchItem);
  if (typeof input === 'string') return;
  if (!Array.isArray(input)) {
    throw new InvalidOptionError({
      option: 'input',
      message: `agent.${method}(input): input must be a prompt string or an array of messages, got ${typeof input}.`,
    });
  }
  for (const message of input) {
    if (message?.role !== 'user' || typeof message.content === 'string') continue;
    for (const part of message.content) {
      if (part.type !== 'image' || !('url' in part)) continue;
      if (typeof part.url === 'string' && sendableUrl.test(part.url)) continue;
      throw new InvalidOptionError({
        option: 'input',
        message: `agent.${method}(): the image part's url ${JSON.stringify(part.url)} is not an http(s) or data: URL, so no provider can fetch it. For a local file, read it into the message: await image.fromFile(${JSON.stringify(part.url)}) from @toolloop/images.`,
      });
    }
  }
}
