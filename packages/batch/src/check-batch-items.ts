import { createHash } from 'node:crypto';
import { InvalidOptionError } from '@toolloop/core';
import type { BatchItem } from './batch-types.js';

/**
 * Checks every item before anything is sent: a string `custom_id` on each, no duplicates (all of
 * them listed), an input. Returns a hash of the whole input, which ties a checkpoint to it.
 */
export function checkBatchItems(items: readonly BatchItem[]): string {
  if (items.length === 0) {
    throw new InvalidOptionError({
      option: 'items',
      message: 'runBatch: the batch is empty; give at least one { custom_id, input } item.',
    });
  }
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const hash = createHash('sha256');
  // Hashed in chunks of about 8 KiB: one update per item cost more than the item's own text.
  let chunk = '';
  items.forEach((item, index) => {
    const id = (item as { custom_id?: unknown } | null)?.custom_id;
    if (typeof id !== 'string' || id === '') {
      throw new InvalidOptionError({
        option: 'custom_id',
        message: `runBatch: item ${index + 1} has ${id === undefined ? 'no custom_id' : `a custom_id that is not a non-empty string (${JSON.stringify(id)})`}; give every item a unique string custom_id.`,
      });
    }
    const input = item.input;
    if (typeof input !== 'string' && !Array.isArray(input)) {
      throw new InvalidOptionError({
        option: 'input',
        message: `runBatch: item "${id}" has no input; give a prompt string or an array of messages.`,
      });
    }
    // One lookup, not has() then add(): the Set is most of this check's cost.
    const size = seen.size;
    if (seen.add(id).size === size) duplicates.add(id);
    // Length-prefixed, so no two inputs hash alike; a prompt string skips JSON's escaping pass.
    chunk +=
      typeof input === 'string'
        ? `s${id.length}:${id}${input.length}:${input}\n`
        : `j${id.length}:${id}${JSON.stringify(input)}\n`;
    if (chunk.length >= 8192) {
      hash.update(chunk);
      chunk = '';
    }
  });
  hash.update(chunk);
  if (duplicates.size > 0) {
    throw new InvalidOptionError({
      option: 'custom_id',
      message: `runBatch: custom_id must be unique; these appear more than once: ${[...duplicates].map((id) => JSON.stringify(id)).join(', ')}.`,
    });
  }
  return hash.digest('hex');
}
