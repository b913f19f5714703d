import { readFile } from 'node:fs/promises';
import { InvalidOptionError } from '@toolloop/core';
import type { BatchItem } from './batch-types.js';

/**
 * Reads a batch input JSONL file: one `{ "custom_id": "…", "input": "…" }` per line (blank lines
 * skipped). A malformed line or a missing custom_id is an error naming its line number, duplicate
 * custom_ids are listed all with their lines, and an empty file is an error.
 */
export async function readBatchInput(path: string): Promise<BatchItem[]> {
  const text = await readFile(path, 'utf8');
  const items: BatchItem[] = [];
  const lines = new Map<string, number[]>();
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
    const id = (parsed as { custom_id?: unknown }).custom_id;
    if (typeof id !== 'string' || id === '') {
      throw new InvalidOptionError({
        option: 'custom_id',
        message: `${path}:${index + 1}: ${id === undefined ? 'no custom_id' : `custom_id ${JSON.stringify(id)} is not a non-empty string`}; give every line a unique string custom_id.`,
      });
    }
    lines.set(id, [...(lines.get(id) ?? []), index + 1]);
    items.push(parsed as BatchItem);
  });
  const duplicates = [...lines].filter(([, at]) => at.length > 1);
  if (duplicates.length > 0) {
    throw new InvalidOptionError({
      option: 'custom_id',
      message: `${path}: custom_id must be unique; duplicated: ${duplicates.map(([id, at]) => `${JSON.stringify(id)} (lines ${at.join(', ')})`).join('; ')}. Nothing was sent.`,
    });
  }
  if (items.length === 0) {
    throw new InvalidOptionError({
      option: 'input',
      message: `${path} holds no items; write one {"custom_id": "…", "input": "…"} per line.`,
    });
  }
  return items;
}
