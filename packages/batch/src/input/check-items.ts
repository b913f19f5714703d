import { createHash } from 'node:crypto';
import { BatchInputError } from '../batch-error.js';
import type { BatchItem } from './batch-item.js';

/**
 * Checks every item (string `custom_id`, an input, no duplicates — all listed at once) and returns
 * the sha256 of the items, which ties a checkpoint to its input. `where(i)` names item i in errors.
 */
export function checkItems(items: readonly unknown[], where: (index: number) => string): string {
  if (items.length === 0) {
    throw new BatchInputError(
      'The batch has no items (the input is empty). Give at least one { custom_id, input }.',
    );
  }
  const seen = new Map<string, number[]>();
  const hash = createHash('sha256');
  items.forEach((item, index) => {
    const record = item as Partial<BatchItem> | null;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new BatchInputError(
        `${where(index)} is not an object; write it as {"custom_id": "req-1", "input": "..."}.`,
      );
    }
    if (typeof record.custom_id !== 'string' || record.custom_id === '') {
      throw new BatchInputError(
        `${where(index)} has ${record.custom_id === undefined ? 'no' : 'a non-string'} custom_id; give each item a unique string custom_id (e.g. "req-1").`,
      );
    }
    const input = record.input;
    if (typeof input !== 'string' && !Array.isArray(input)) {
      throw new BatchInputError(
        `${where(index)} (custom_id "${record.custom_id}") has no input; set "input" to a prompt string or an array of messages.`,
      );
    }
    const positions = seen.get(record.custom_id);
    if (positions) positions.push(index);
    else seen.set(record.custom_id, [index]);
    hash.update(JSON.stringify([record.custom_id, input]));
    hash.update('\n');
  });
  const duplicates = [...seen].filter(([, positions]) => positions.length > 1);
  if (duplicates.length > 0) {
    const list = duplicates
      .map(([id, positions]) => `"${id}" (${positions.map(where).join(', ')})`)
      .join('; ');
    throw new BatchInputError(
      `Duplicate custom_ids: ${list}. Each custom_id must be unique; rename the repeats.`,
    );
  }
  return hash.digest('hex');
}
