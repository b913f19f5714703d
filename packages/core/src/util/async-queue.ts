/** A minimal unbounded async queue: producers push, one consumer iterates. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: (() => void) | undefined;
  private done = false;
  private failure: { error: unknown } | undefined;

  /** Adds an item for the consumer (wakes it if it is waiting). */
  push(item: T): void {
    this.items.push(item);
    this.wake();
  }

  /** Ends the queue; after `end` or `fail`, further settlement is ignored (the first one wins). */
  end(): void {
    if (this.done || this.failure) return;
    this.done = true;
    this.wake();
  }

  /** Ends the queue with an error: the consumer still gets the items pushed before, then it throws `error`. */
  fail(error: unknown): void {
    if (this.done || this.failure) return;
    this.failure = { error };
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (true) {
      if (this.items.length > 0) {
        yield this.items.shift() as T;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.done) return;
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }
}
