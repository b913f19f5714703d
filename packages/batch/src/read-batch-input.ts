import { readFile } from 'node:fs/promises';
import { InvalidOptionError } from '@toolloop/core';
import type { BatchItem } from './batch-types.js';

/**
 * Reads a batch input JSONL file: one `{ "custom_id": "…", "input": "…" }` per line (blank lines
 * skipped). A malformed line is an error naming its line number; an empty file is an error.
 */
export async function readBatchInput(path: string): Promise<BatchItem[]> {
  const text = await readFile(path, 'utf8');
  const items: BatchItem[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new InvalidOptionError({
        option: 'input',
        message: `${path}:${index + 1}: not a JSON line (${(error as Error).message}); each line is one {"custom_id": "…", "input": "…"}.`,
      });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new InvalidOptionError({
        option: 'input',
        message: `${path}:${index + 1}: expected an object {"custom_id": "…", "input": "…"}, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`,
      });
    }
    items.push(parsed as BatchItem);
  });
  if (items.length === 0) {
    throw new InvalidOptionError({
      option: 'input',
      message: `${path} holds no items; write one {"custom_id": "…", "input": "…"} per line.`,
    });
  }
  return items;
}
