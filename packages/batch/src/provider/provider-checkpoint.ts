import { existsSync, readFileSync } from 'node:fs';
import { writeJsonAtomic } from '../batch-files.js';

/** One provider batch a round submitted. */
export interface SubmittedBatch {
  id: string;
  round: number;
  requests: number;
}

/**
 * What a provider-mode batch keeps between rounds (`<output>.provider.json`, written after every
 * submission): the round, every provider batch, and for each waiting item the provider batch that
 * holds its request and a hash of that request. A resumed item whose next request hashes the same
 * waits for that batch instead of sending it again.
 */
export interface ProviderCheckpoint {
  round: number;
  batches: SubmittedBatch[];
  pending: Record<string, { batchId: string; hash: string }>;
}

export function readProviderCheckpoint(path: string): ProviderCheckpoint {
  if (!existsSync(path)) return { round: 0, batches: [], pending: {} };
  return JSON.parse(readFileSync(path, 'utf8')) as ProviderCheckpoint;
}

export function writeProviderCheckpoint(path: string, checkpoint: ProviderCheckpoint): void {
  writeJsonAtomic(path, checkpoint);
}
