import { createHash } from 'node:crypto';
import {
  type AbortError,
  InvalidOptionError,
  type ModelRequest,
  type ModelResponse,
  type ProviderBatch,
  type ProviderBatchApi,
} from '@toolloop/core';
import { abortErrorFrom, onAbort } from '@toolloop/core/internal';
import { BatchItemError, type BatchItemErrorReason } from '../batch-item-error.js';
import {
  backoff,
  FAULTS_IN_A_ROW,
  isPassingFault,
  type PollOptions,
  pollProviderBatch,
} from './poll-provider-batch.js';
import {
  type ProviderCheckpoint,
  readProviderCheckpoint,
  writeProviderCheckpoint,
} from './provider-checkpoint.js';

/** Options of RoundEngine. */
export interface RoundEngineOptions {
  api: ProviderBatchApi;
  /** `<output>.provider.json`. */
  checkpointPath: string;
  /** The toolloop batch id, stored in each provider batch's metadata. */
  batchId: string;
  poll?: PollOptions;
  /** The batch's signal: stops polling (provider batches keep running; a resume polls them). */
  signal: AbortSignal;
  /** A failure of the Batch API itself (404, 401, …): the whole batch stops with it. */
  onFatal: (error: unknown) => void;
  /** After each provider batch is submitted or polled. */
  onProviderBatch?: (batch: ProviderBatch) => void;
}

interface Waiter {
  customId: string;
  line: string;
  hash: string;
  resolve(response: ModelResponse): void;
  reject(error: unknown): void;
}

/**
 * Runs the model calls of many agent runs as rounds of provider batches. Each item's run calls
 * `call()` (through its round model) and waits; once every live item waits, the waiting requests
 * go out as one round (split at the provider's limits), the batches are polled to the end, and
 * each answer is handed to its item by custom_id — its run goes on (tools run locally) and calls
 * again for the next round, or ends.
 */
export class RoundEngine {
  private live = 0;
  private busy = false;
  private readonly waiting = new Map<string, Waiter>();
  private readonly checkpoint: ProviderCheckpoint;
  private readonly polling = new Set<string>();
  private fatal: unknown;

  /** Provider batches a previous process submitted (this one resumes by polling them). */
  private readonly resumed: Set<string>;

  constructor(private readonly options: RoundEngineOptions) {
    this.checkpoint = readProviderCheckpoint(options.checkpointPath);
    this.resumed = new Set(Object.values(this.checkpoint.pending).map((held) => held.batchId));
  }

  /** The current round (1 after the first submission; a resumed batch continues its count). */
  get round(): number {
    return this.checkpoint.round;
  }

  /** Provider batches submitted or resumed and not yet finished. */
  get inFlight(): string[] {
    return [...this.polling];
  }

  /** An item's run starts. */
  begin(): void {
    this.live++;
  }

  /** An item's run ended (answered, failed or aborted). */
  end(): void {
    this.live--;
    this.kick();
  }

  /** One model call of item `customId`: resolves when its provider batch answers it. */
  call(customId: string, request: ModelRequest, signal: AbortSignal | undefined): Promise<ModelResponse> {
    if (this.fatal !== undefined) return Promise.reject(this.fatal);
    if (this.waiting.has(customId)) {
      return Promise.reject(
        new InvalidOptionError({
          option: 'middleware',
          message: `Batch item "${customId}" made a second model call while one was waiting; a provider batch holds one call per item per round (a middleware calling the model twice at once cannot run in provider mode).`,
        }),
      );
    }
    const line = this.options.api.encode({ customId, request });
    const hash = createHash('sha256').update(line).digest('base64url');
    return new Promise<ModelResponse>((resolve, reject) => {
      let stop = (): void => {};
      const waiter: Waiter = {
        customId,
        line,
        hash,
        resolve: (response) => {
          stop();
          resolve(response);
        },
        reject: (error) => {
          stop();
          reject(error);
        },
      };
      this.waiting.set(customId, waiter);
      stop = onAbort(signal, () => {
        if (this.waiting.get(customId) !== waiter) return;
        this.waiting.delete(customId);
        waiter.reject(abortErrorFrom(signal as AbortSignal));
      });
      this.kick();
    });
  }

  /** Asks the provider to cancel every batch being polled (finished answers stay readable). */
  async cancelInFlight(): Promise<void> {
    await Promise.allSettled(this.inFlight.map((id) => this.options.api.cancel(id)));
  }

  /** Starts a round once every live item waits for its model call. */
  private kick(): void {
    if (this.busy || this.waiting.size === 0 || this.waiting.size < this.live) return;
    this.busy = true;
    const waiters = [...this.waiting.values()];
    this.waiting.clear();
    this.runRound(waiters)
      .catch((error: unknown) => {
        const aborted = this.options.signal.aborted;
        if (!aborted) {
          this.fatal = error;
          this.options.onFatal(error);
        }
        const reason = aborted ? abortErrorFrom(this.options.signal) : error;
        for (const waiter of waiters) waiter.reject(reason);
      })
      .finally(() => {
        this.busy = false;
        this.kick();
      });
  }

  private async runRound(waiters: Waiter[]): Promise<void> {
    const { api, signal } = this.options;
    if (signal.aborted) throw abortErrorFrom(signal);
    const { pending } = this.checkpoint;
    // A resumed item whose request is the one already submitted waits for that batch.
    const groups = new Map<string, Waiter[]>();
    const fresh: Waiter[] = [];
    for (const waiter of waiters) {
      const held = pending[waiter.customId];
      if (held && held.hash === waiter.hash) {
        groups.set(held.batchId, [...(groups.get(held.batchId) ?? []), waiter]);
      } else fresh.push(waiter);
    }
    if (fresh.length > 0) {
      this.checkpoint.round++;
      for (const shard of this.shards(fresh)) {
        // Only a rate limit (429) is retried: after a 5xx or a reset the batch may exist.
        const batch = await this.retrying('rate-limit', () =>
          api.submit({
            lines: shard.map((waiter) => waiter.line),
            metadata: { toolloop_batch: this.options.batchId, round: String(this.checkpoint.round) },
            signal,
          }),
        );
        this.options.onProviderBatch?.(batch);
        this.checkpoint.batches.push({ id: batch.id, round: this.checkpoint.round, requests: shard.length });
        for (const waiter of shard) pending[waiter.customId] = { batchId: batch.id, hash: waiter.hash };
        // Written per provider batch: a crash after this point polls the batch instead of resending it.
        writeProviderCheckpoint(this.options.checkpointPath, this.checkpoint);
        groups.set(batch.id, shard);
      }
    }
    const again = await Promise.all([...groups].map(([batchId, group]) => this.settle(batchId, group)));
    // Items a cancelled earlier batch left unanswered wait again: they go out with the next round,
    // beside the next calls of the items answered now.
    for (const waiter of again.flat()) this.waiting.set(waiter.customId, waiter);
  }

  /**
   * Runs `attempt`, waiting out a passing API fault as polling does (backing off from the poll's
   * first wait; five in a row are thrown): `rate-limit` retries only a 429, `any` every retryable
   * fault (5xx, a reset, a timeout).
   */
  private async retrying<T>(faults: 'rate-limit' | 'any', attempt: () => Promise<T>): Promise<T> {
    const { signal, poll = {} } = this.options;
    const wait = backoff(poll, signal);
    for (let failures = 1; ; failures++) {
      try {
        return await attempt();
      } catch (error) {
        const passing = isPassingFault(error) && (faults === 'any' || error.status === 429);
        if (!passing || failures >= FAULTS_IN_A_ROW || signal.aborted) throw error;
      }
      await wait();
    }
  }

  /** Splits requests into provider batches within `api.limits`; a request over the byte limit alone fails. */
  private shards(waiters: Waiter[]): Waiter[][] {
    const { maxRequests, maxBytes } = this.options.api.limits;
    const shards: Waiter[][] = [];
    let current: Waiter[] = [];
    let bytes = 0;
    for (const waiter of waiters) {
      const size = Buffer.byteLength(waiter.line) + 1;
      if (size > maxBytes) {
        waiter.reject(
          new InvalidOptionError({
            option: 'input',
            message: `Batch item "${waiter.customId}": its request is ${size} bytes, over the provider's ${maxBytes}-byte batch file limit; shorten its input or run it in local mode.`,
          }),
        );
        continue;
      }
      if (current.length > 0 && (current.length >= maxRequests || bytes + size > maxBytes)) {
        shards.push(current);
        current = [];
        bytes = 0;
      }
      current.push(waiter);
      bytes += size;
    }
    if (current.length > 0) shards.push(current);
    return shards;
  }

  /**
   * Polls one provider batch to its end and hands each answer (or error) to its item by custom_id.
   * Returns the items to send again: those a batch of a previous process left unanswered because it
   * was cancelled (`cancelBatch`, which stopped that process too) — the resume is what continues them.
   */
  private async settle(batchId: string, waiters: Waiter[]): Promise<Waiter[]> {
    const { api, signal } = this.options;
    // Kept while unfinished, also after an abort stopped the polling: cancelInFlight() reads it.
    this.polling.add(batchId);
    const final = await pollProviderBatch(api, batchId, {
      ...this.options.poll,
      signal,
      ...(this.options.onProviderBatch ? { onPoll: this.options.onProviderBatch } : {}),
    });
    this.polling.delete(batchId);
    const byId = new Map(waiters.map((waiter) => [waiter.customId, waiter]));
    const { pending } = this.checkpoint;
    const again: Waiter[] = [];
    const sendAgain = final.status === 'cancelled' && this.resumed.has(batchId) && !signal.aborted;
    const readResults = async (): Promise<void> => {
      for await (const result of api.results(batchId, { signal })) {
        const waiter = byId.get(result.customId);
        if (!waiter) continue; // not ours (a line of an item that finished or failed already)
        byId.delete(result.customId);
        delete pending[result.customId];
        if (!result.isError) waiter.resolve(result.response);
        else if (result.reason === 'failed') waiter.reject(result.error);
        else if (sendAgain) again.push(waiter);
        else {
          const reason = result.reason === 'expired' ? 'expired' : unansweredReason(final);
          waiter.reject(
            new BatchItemError({
              reason,
              providerBatchId: batchId,
              customId: result.customId,
              message: `Provider batch ${batchId} did not run "${result.customId}" (${reason}): ${result.error.message}`,
              cause: result.error,
            }),
          );
        }
      }
    };
    // The download starts over after a passing fault: lines already handed out are skipped.
    if (final.status !== 'failed') await this.retrying('any', readResults);
    for (const waiter of byId.values()) {
      delete pending[waiter.customId];
      if (sendAgain) again.push(waiter);
      else waiter.reject(unanswered(final, waiter.customId));
    }
    return again;
  }
}

/** The error of a request its finished batch gave no line for. */
function unanswered(batch: ProviderBatch, customId: string): BatchItemError | AbortError {
  const errors = batch.errors
    .map((e) => `${e.code}: ${e.message}${e.line ? ` (line ${e.line})` : ''}`)
    .join('; ');
  const reason = unansweredReason(batch);
  const why = {
    expired: 'the batch expired (its completion window closed) before this request ran',
    cancelled: 'the batch was cancelled before this request ran',
    'batch-failed': `the provider refused the whole batch${errors ? ` (${errors})` : ''}`,
    missing: 'the batch finished without a line for it',
  }[reason];
  return new BatchItemError({
    reason,
    providerBatchId: batch.id,
    customId,
    message: `Provider batch ${batch.id}: no answer for "${customId}": ${why}. The item is written as failed; to try it again, run it in a new batch.`,
  });
}

/** Why a finished provider batch left a request unanswered, from the batch's final status. */
function unansweredReason(batch: ProviderBatch): BatchItemErrorReason {
  if (batch.status === 'expired' || batch.status === 'cancelled') return batch.status;
  return batch.status === 'failed' ? 'batch-failed' : 'missing';
}
