import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BatchInputError } from '../batch-error.js';
import type { BatchInfo } from './batch-status.js';

/** Where batch states live unless `stateDir` says otherwise. */
export const DEFAULT_STATE_DIR = '.toolloop/batches';

/** A local batch's id: fixed by its output file, so a restart with the same output finds it. */
export function localBatchId(outputPath: string): string {
  return `batch_local_${createHash('sha256').update(resolve(outputPath)).digest('hex').slice(0, 20)}`;
}

function statePath(stateDir: string, id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new BatchInputError(
      `"${id}" is not a batch id (letters, digits, _ and - only). Use the id runBatch printed.`,
    );
  }
  return join(stateDir, `${id}.json`);
}

/** Writes the state atomically (temporary file, then rename): a crash leaves the old or the new one. */
export async function saveState(stateDir: string, info: BatchInfo): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const path = statePath(stateDir, info.id);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(info, null, 2)}\n`);
  await rename(temporary, path);
}

/** The saved state of a batch, or `undefined` when there is none. */
export async function loadState(stateDir: string, id: string): Promise<BatchInfo | undefined> {
  let text: string;
  try {
    text = await readFile(statePath(stateDir, id), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as BatchInfo;
}

/** Options of {@link getBatch}. */
export interface GetBatchOptions {
  /** Default `.toolloop/batches` under the working directory. */
  stateDir?: string;
}

/** A batch's status by id, as its last checkpoint recorded it. Throws when no batch has that id. */
export async function getBatch(id: string, options: GetBatchOptions = {}): Promise<BatchInfo> {
  const stateDir = options.stateDir ?? DEFAULT_STATE_DIR;
  const info = await loadState(stateDir, id);
  if (!info) {
    throw new BatchInputError(
      `No batch "${id}" in ${stateDir}. Check the id, or pass the stateDir the batch ran with.`,
    );
  }
  return info;
}
