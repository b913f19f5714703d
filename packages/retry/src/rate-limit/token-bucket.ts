/**
 * A token bucket refilling continuously at `perMinute` per minute, holding at most `perMinute`.
 * The level may go below zero: when a call turns out to have used more tokens than reserved,
 * the debt delays the next calls instead of being forgotten.
 */
export class TokenBucket {
  readonly capacity: number;
  private readonly perMs: number;
  private level: number;
  private refilledAt: number;

  constructor(perMinute: number, now: number) {
    this.capacity = perMinute;
    this.perMs = perMinute / 60_000;
    this.level = perMinute;
    this.refilledAt = now;
  }

  /** How long until `amount` can be taken; 0 when it can be now. */
  msUntil(amount: number, now: number): number {
    this.refill(now);
    const deficit = Math.min(amount, this.capacity) - this.level;
    return deficit <= 0 ? 0 : Math.ceil(deficit / this.perMs);
  }

  /** Takes `amount` (capped at the capacity, so an oversized call waits for a full bucket, not forever). */
  take(amount: number, now: number): void {
    this.refill(now);
    this.level -= Math.min(amount, this.capacity);
  }

  /** Puts back `amount` (negative takes more: a call used more than it reserved). */
  give(amount: number, now: number): void {
    this.refill(now);
    this.level = Math.min(this.capacity, this.level + amount);
  }

  private refill(now: number): void {
    const elapsed = now - this.refilledAt;
    if (elapsed > 0) this.level = Math.min(this.capacity, this.level + elapsed * this.perMs);
    this.refilledAt = now;
  }
}
