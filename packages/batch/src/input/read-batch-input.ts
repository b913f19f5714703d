import { readFile } from 'node:fs/promises';
import { BatchInputError } from '../batch-error.js';
import type { BatchItem } from './batch-item.js';
import { checkItems } from './check-items.js';

/**
 * Reads a JSONL input file of `{ "custom_id", "input" }` lines (blank lines skipped) and checks it:
 * a malformed line is named by its line number, and every duplicate custom_id is listed.
 */
export async function readBatchInput(path: string): Promise<BatchItem[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BatchInputError(
      `Cannot read the batch input ${path}: ${(error as Error).message}. Check the path.`,
      {
        cause: error,
      },
    );
  }
  const items: unknown[] = [];
  const lineNumbers: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      items.push(JSON.parse(line));
    } catch {
      throw new BatchInputError(
        `${path} line ${index + 1} is not valid JSON: ${line.slice(0, 80)}. Each line must be one JSON object {"custom_id": ..., "input": ...}.`,
      );
    }
    lineNumbers.push(index + 1);
  });
  if (items.length === 0) {
    throw new BatchInputError(
      `The batch input ${path} is empty. Write one {"custom_id": ..., "input": ...} per line.`,
    );
  }
  checkItems(items, (i) => `${path} line ${lineNumbers[i]}`);
  return items as BatchItem[];
}
