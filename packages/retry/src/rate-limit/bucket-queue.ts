import { abortErrorFrom, onAbort } from '@toolloop/core/internal';
import type { TokenBucket } from './token-bucket.js';

/** What one call takes from the buckets. */
export interface BucketCost {
  requests: number;
  tokens: number;
}

interface Waiter {
  cost: BucketCost;
  resolve: () => void;
  reject: (error: Error) => void;
  signal: AbortSignal | undefined;
  /** Stops listening to `signal`. */
  dispose: (() => void) | undefined;
}

/**
 * First-in, first-out admission to a requests bucket and a tokens bucket. One timer for the
 * whole queue, set for when its head fits; an aborted waiter leaves the queue at once.
 * FIFO matters: without it a stream of small calls could starve a large one forever.
 */
export class BucketQueue {
  private readonly requests: TokenBucket | undefined;
  private readonly tokens: TokenBucket | undefined;
  private readonly waiters: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(requests: TokenBucket | undefined, tokens: TokenBucket | undefined) {
    this.requests = requests;
    this.tokens = tokens;
  }

  /** Resolves once `cost` has been taken from the buckets; rejects when `signal` fires first. */
  acquire(cost: BucketCost, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortErrorFrom(signal));
    if (this.waiters.length === 0 && this.waitMs(cost, Date.now()) === 0) {
      this.take(cost, Date.now());
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { cost, resolve, reject, signal, dispose: undefined };
      if (signal) {
        waiter.dispose = onAbort(signal, () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(abortErrorFrom(signal));
          this.pump();
        });
      }
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Puts back (or, negative, takes more of) a call's charge once its real size is known. */
  adjust(cost: BucketCost): void {
    const now = Date.now();
    if (cost.requests !== 0) this.requests?.give(cost.requests, now);
    if (cost.tokens !== 0) this.tokens?.give(cost.tokens, now);
    this.pump();
  }

  private pump(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const now = Date.now();
    while (this.waiters.length > 0) {
      const head = this.waiters[0]!;
      const waitMs = this.waitMs(head.cost, now);
      if (waitMs > 0) {
        this.timer = setTimeout(() => this.pump(), waitMs);
        return;
      }
      this.waiters.shift();
      this.take(head.cost, now);
      head.dispose?.();
      head.resolve();
    }
  }

  private waitMs(cost: BucketCost, now: number): number {
    return Math.max(
      this.requests?.msUntil(cost.requests, now) ?? 0,
      this.tokens?.msUntil(cost.tokens, now) ?? 0,
    );
  }

  private take(cost: BucketCost, now: number): void {
    this.requests?.take(cost.requests, now);
    this.tokens?.take(cost.tokens, now);
  }
}
