import { ToolloopError } from './toolloop-error.js';

/** Constructor options of BudgetExceededError. */
export interface BudgetExceededErrorOptions {
  /** Which limit and by how much, e.g. "the next model call would take the run to ~1200 tokens, over maxTotalTokens 1000". */
  message: string;
  /** Tokens the run had spent when it stopped. */
  totalTokens: number;
  /** What the run had cost when it stopped; null when unknown. */
  cost: number | null;
}

/**
 * A run's next model call would go over its `budget`. Thrown by `run()`/`stream()` only when the
 * budget says `onExceeded: 'throw'`; by default the run ends with stopReason `budget-exceeded`.
 */
export class BudgetExceededError extends ToolloopError {
  readonly totalTokens: number;
  readonly cost: number | null;

  constructor(options: BudgetExceededErrorOptions) {
    super({ code: 'budget-exceeded', origin: 'user', message: options.message });
    this.totalTokens = options.totalTokens;
    this.cost = options.cost;
  }

  /** True for a BudgetExceededError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is BudgetExceededError {
    return ToolloopError.isInstance(error) && error.code === 'budget-exceeded';
  }
}
