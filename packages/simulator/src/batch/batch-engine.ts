import { InvalidOptionError } from '@toolloop/core';
import type { Turn } from '../types.js';
import { type ManualClock, resolveBatchClock } from './batch-clock.js';
import { type BatchRecord, type BatchTiming, batchObject } from './batch-record.js';
import type {
  BatchApiFault,
  BatchBehaviour,
  BatchClock,
  BatchFault,
  BatchLineFailure,
  BatchOptions,
  WireBatch,
} from './batch-types.js';
import { FileStore, type StoredFile } from './file-store.js';
import { readBatchInput } from './read-batch-input.js';
import { matchLineFailure, runBatchLine, unrunLine } from './run-batch-line.js';
import { seededShuffle } from './seeded-shuffle.js';

const DEFAULTS = {
  validatingMs: 20,
  lineMs: 5,
  finalizingMs: 20,
  cancellingMs: 20,
  completionWindowMs: 24 * 60 * 60 * 1000,
  maxLines: 50_000,
  maxBytes: 200 * 1024 * 1024,
  shuffle: false,
  lineFailures: [] as BatchLineFailure[],
  unsupported: false,
};

/** Behaviour with every default filled in. */
export type ResolvedBehaviour = typeof DEFAULTS;

const EXPIRED = {
  code: 'batch_expired',
  message: 'This request could not be executed before the completion window expired.',
};

const ACTIVE = new Set(['validating', 'in_progress', 'finalizing', 'cancelling']);

/**
 * The state of the simulated Files and Batches API. Batches advance lazily: every read first brings
 * them up to the clock's time, so nothing runs on timers and a manual clock makes every test exact.
 */
export class BatchEngine {
  readonly files = new FileStore();
  behaviour: ResolvedBehaviour;
  private readonly clock: BatchClock;
  private readonly manual: ManualClock | undefined;
  private readonly batches = new Map<string, BatchRecord>();
  private readonly faults: BatchFault[];
  private readonly apiFaults: BatchApiFault[] = [];
  private readonly script = new Map<string, Turn[]>();
  private batchSequence = 0;
  private lineSequence = 0;

  constructor(
    options: BatchOptions,
    private readonly defaultModel: string,
  ) {
    const { clock, faults = [], script = {}, ...behaviour } = options;
    ({ clock: this.clock, manual: this.manual } = resolveBatchClock(clock));
    this.behaviour = { ...DEFAULTS };
    this.configure(behaviour);
    this.faults = [...faults];
    this.addScript(script);
  }

  now(): number {
    return this.clock.now();
  }

  configure(behaviour: BatchBehaviour): void {
    for (const key of Object.keys(behaviour) as Array<keyof BatchBehaviour>) {
      if (!(key in DEFAULTS))
        throw new InvalidOptionError({ option: 'batches', message: `Unknown batch option "${key}".` });
      const value = behaviour[key];
      if (value !== undefined) (this.behaviour as Record<string, unknown>)[key] = value;
    }
  }

  addFaults(faults: BatchFault[]): void {
    this.faults.push(...faults);
  }

  addApiFaults(faults: BatchApiFault[]): void {
    this.apiFaults.push(...faults);
  }

  nextApiFault(): BatchApiFault | undefined {
    return this.apiFaults.shift();
  }

  addScript(turns: Record<string, Turn[]>): void {
    for (const [customId, list] of Object.entries(turns)) {
      const queue = this.script.get(customId) ?? [];
      queue.push(...list);
      this.script.set(customId, queue);
    }
  }

  /** Clears files, batches, faults and scripts; the clock and behaviour stay. */
  reset(): void {
    this.files.clear();
    this.batches.clear();
    this.faults.length = 0;
    this.apiFaults.length = 0;
    this.script.clear();
  }

  /** Creates a batch over an uploaded file; it starts `validating`. */
  create(options: {
    inputFile: StoredFile;
    endpoint: string;
    completionWindow: string;
    metadata: Record<string, string> | null;
  }): BatchRecord {
    const now = this.now();
    const { validatingMs, lineMs, finalizingMs, cancellingMs, completionWindowMs } = this.behaviour;
    const batch: BatchRecord = {
      id: `batch_sim${++this.batchSequence}`,
      endpoint: options.endpoint,
      inputFileId: options.inputFile.id,
      completionWindow: options.completionWindow,
      metadata: options.metadata,
      // Read now: deleting the input file later must not change a running batch.
      input: readBatchInput(options.inputFile.data, options.endpoint),
      fault: this.faults.shift(),
      timing: { validatingMs, lineMs, finalizingMs, cancellingMs } satisfies BatchTiming,
      status: 'validating',
      createdAtMs: now,
      expiresAtMs: now + completionWindowMs,
      results: [],
      completed: 0,
      failed: 0,
      usage: { input: 0, cached: 0, output: 0 },
    };
    this.batches.set(batch.id, batch);
    return batch;
  }

  /** A batch brought up to now, or `undefined`. */
  get(id: string): BatchRecord | undefined {
    const batch = this.batches.get(id);
    if (batch) this.refresh(batch, this.now());
    return batch;
  }

  /** Every batch brought up to now, newest first. */
  list(): BatchRecord[] {
    const now = this.now();
    const all = [...this.batches.values()];
    // Oldest first, so that scripted turns for one custom_id go to batches in creation order.
    for (const batch of all) this.refresh(batch, now);
    return all.reverse();
  }

  /** Wire objects of every batch, newest first. */
  wireList(): WireBatch[] {
    return this.list().map(batchObject);
  }

  /**
   * Starts cancelling a batch that is `validating` or `in_progress` (lines done so far are kept).
   * Returns the status that forbids it otherwise; `cancelling`/`cancelled` are no conflict.
   */
  cancel(batch: BatchRecord): string | undefined {
    const now = this.now();
    this.refresh(batch, now);
    if (batch.status === 'cancelling' || batch.status === 'cancelled') return undefined;
    if (batch.status !== 'validating' && batch.status !== 'in_progress') return batch.status;
    batch.status = 'cancelling';
    batch.cancellingAtMs = now;
    return undefined;
  }

  advance(ms: number): void {
    this.manualClock('advance').advance(ms);
  }

  step(): number {
    const manual = this.manualClock('step');
    const now = manual.now();
    let next = Number.POSITIVE_INFINITY;
    for (const batch of this.list()) next = Math.min(next, this.nextChange(batch));
    if (next === Number.POSITIVE_INFINITY) return 0;
    // A status change due now already happened in list(); the next one is strictly later.
    const advanced = Math.max(0, next - now);
    manual.advance(advanced);
    this.list();
    return advanced;
  }

  settle(): number {
    let steps = 0;
    while (this.list().some((batch) => ACTIVE.has(batch.status))) {
      this.step();
      steps += 1;
      if (steps > 100_000)
        throw new InvalidOptionError({
          option: 'batches',
          message: 'settle(): batches did not finish after 100,000 steps.',
        });
    }
    return steps;
  }

  private manualClock(method: string): ManualClock {
    if (!this.manual) {
      throw new InvalidOptionError({
        option: 'batches',
        message: `sim.batches.${method}() needs startSimulator({ batches: { clock: 'manual' } }).`,
      });
    }
    return this.manual;
  }

  /** When this batch next changes status (`Infinity` when finished). */
  private nextChange(batch: BatchRecord): number {
    const { timing } = batch;
    switch (batch.status) {
      case 'validating':
        return batch.createdAtMs + timing.validatingMs;
      case 'in_progress':
        return this.runEnd(batch).at;
      case 'finalizing':
        return batch.finalizingAtMs! + timing.finalizingMs;
      case 'cancelling':
        return batch.cancellingAtMs! + timing.cancellingMs;
      default:
        return Number.POSITIVE_INFINITY;
    }
  }

  /** How an `in_progress` batch ends: all lines done (`expired: false`) or expiry, and when. */
  private runEnd(batch: BatchRecord): { at: number; expired: boolean; lines: number } {
    const total = batch.input.lines.length;
    const start = batch.inProgressAtMs!;
    const cut =
      batch.fault?.type === 'expire' && batch.fault.afterLines < total ? batch.fault.afterLines : undefined;
    const lines = cut ?? total;
    const doneAt = start + lines * batch.timing.lineMs;
    if (cut === undefined && doneAt < batch.expiresAtMs) return { at: doneAt, expired: false, lines };
    if (doneAt < batch.expiresAtMs) return { at: doneAt, expired: true, lines };
    return { at: batch.expiresAtMs, expired: true, lines: this.linesDoneBy(batch, batch.expiresAtMs, lines) };
  }

  private linesDoneBy(batch: BatchRecord, time: number, limit: number): number {
    const { lineMs } = batch.timing;
    if (lineMs <= 0) return limit;
    return Math.max(0, Math.min(limit, Math.floor((time - batch.inProgressAtMs!) / lineMs)));
  }

  /** Brings a batch up to `now`: status changes due by then, lines finished by then. */
  private refresh(batch: BatchRecord, now: number): void {
    const { timing } = batch;
    for (;;) {
      switch (batch.status) {
        case 'validating': {
          const at = batch.createdAtMs + timing.validatingMs;
          if (now < at) return;
          const errors =
            batch.fault?.type === 'fail'
              ? (batch.fault.errors ?? [
                  {
                    code: 'simulated_failure',
                    message: 'Validation failed (simulated).',
                    param: null,
                    line: null,
                  },
                ])
              : batch.input.errors;
          if (errors.length > 0) {
            batch.status = 'failed';
            batch.failedAtMs = at;
            batch.errors = errors;
            return;
          }
          batch.status = 'in_progress';
          batch.inProgressAtMs = at;
          continue;
        }
        case 'in_progress': {
          const end = this.runEnd(batch);
          if (now < end.at) {
            this.runLines(batch, this.linesDoneBy(batch, now, end.lines));
            return;
          }
          this.runLines(batch, end.lines);
          if (end.expired) {
            this.finish(batch, 'expired', end.at);
            return;
          }
          batch.status = 'finalizing';
          batch.finalizingAtMs = end.at;
          continue;
        }
        case 'finalizing': {
          const at = batch.finalizingAtMs! + timing.finalizingMs;
          if (now >= at) this.finish(batch, 'completed', at);
          return;
        }
        case 'cancelling': {
          const at = batch.cancellingAtMs! + timing.cancellingMs;
          if (now >= at) this.finish(batch, 'cancelled', at);
          return;
        }
        default:
          return;
      }
    }
  }

  private runLines(batch: BatchRecord, count: number): void {
    const { lines } = batch.input;
    for (let i = batch.results.length; i < count; i++) {
      const line = lines[i]!;
      const finishedAt = batch.inProgressAtMs! + (i + 1) * batch.timing.lineMs;
      const result = runBatchLine({
        line,
        sequence: ++this.lineSequence,
        createdSeconds: Math.floor(finishedAt / 1000),
        defaultModel: this.defaultModel,
        turn: this.script.get(line.customId)?.shift(),
        failure: matchLineFailure(line.customId, this.behaviour.lineFailures),
      });
      batch.results.push(result);
      if (result.ok) batch.completed += 1;
      else batch.failed += 1;
      if (result.usage) {
        batch.usage.input += result.usage.promptTokens;
        batch.usage.cached += result.usage.cachedTokens;
        batch.usage.output += result.usage.completionTokens;
      }
    }
  }

  /** Ends a batch: expired lines reported, output and error files written. */
  private finish(batch: BatchRecord, status: 'completed' | 'expired' | 'cancelled', at: number): void {
    const results = [...batch.results];
    if (status === 'expired') {
      for (let i = results.length; i < batch.input.lines.length; i++) {
        results.push(unrunLine(++this.lineSequence, batch.input.lines[i]!.customId, EXPIRED));
        batch.failed += 1;
      }
    }
    const ordered = this.behaviour.shuffle ? seededShuffle(results, batch.id) : results;
    const write = (ok: boolean, suffix: string): string | undefined => {
      const lines = ordered.filter((result) => result.ok === ok);
      if (lines.length === 0) return undefined;
      const data = Buffer.from(`${lines.map((result) => result.json).join('\n')}\n`);
      return this.files.add({
        filename: `${batch.id}_${suffix}.jsonl`,
        purpose: 'batch_output',
        data,
        nowMs: at,
      }).id;
    };
    batch.outputFileId = write(true, 'output');
    batch.errorFileId = write(false, 'error');
    batch.status = status;
    if (status === 'completed') batch.completedAtMs = at;
    else if (status === 'expired') batch.expiredAtMs = at;
    else batch.cancelledAtMs = at;
  }
}
