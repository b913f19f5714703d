import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BatchMode, BatchResultLine, BatchState } from './batch-types.js';

/** What a batch keeps beside its output so it can be resumed and found by id. */
export interface BatchRecord {
  id: string;
  mode: BatchMode;
  status: BatchState;
  inputHash: string;
  total: number;
  createdAt: string;
  finishedAt: string | null;
  outputPath: string;
}

/**
 * The files of one batch: `<output>`, `<output>.batch.json` (the record), `<output>.journal.jsonl`,
 * `<output>.provider.json` (provider mode's rounds), `<output>.cancel` (a request to stop),
 * `<output>.lock` (the process running it).
 */
export function batchFiles(outputPath: string) {
  const output = resolve(outputPath);
  return {
    output,
    record: `${output}.batch.json`,
    journal: `${output}.journal.jsonl`,
    provider: `${output}.provider.json`,
    cancel: `${output}.cancel`,
    lock: `${output}.lock`,
  };
}

/** Where `getBatch(id)` looks a batch up: one small file per id pointing at its output. */
export function registryPath(stateDir: string, id: string): string {
  return join(resolve(stateDir), `${id.replace(/[^\w.-]/g, '_')}.json`);
}

/** Writes a JSON file whole or not at all (a crash mid-write leaves the previous version). */
export function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export function readRecord(path: string): BatchRecord | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as BatchRecord;
}

/**
 * The whole lines of an append-only file (its text up to the last newline; '' when it is missing).
 * A last line cut off by a crash is removed from the file too (unless `repair: false`, for readers
 * while a batch may be writing), so the next append starts on a line of its own.
 */
export function readWholeLines(path: string, { repair = true } = {}): string {
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  if (repair && end < text.length) truncateSync(path, Buffer.byteLength(text.slice(0, end)));
  return text.slice(0, end);
}

/**
 * The result lines already in an output file. A last line cut off by a crash is removed (see
 * readWholeLines), so the item it belonged to runs again and is written once, whole.
 */
export function readFinished(output: string, { repair = true } = {}): BatchResultLine[] {
  return readWholeLines(output, { repair })
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as BatchResultLine);
}
