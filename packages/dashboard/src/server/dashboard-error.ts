import { ToolloopError, type ToolloopErrorOptions } from '@toolloop/core';

/** Why the dashboard could not start. */
export type DashboardErrorReason = 'page-missing' | 'port-in-use';

/** Constructor options of DashboardError. */
export interface DashboardErrorOptions extends ToolloopErrorOptions {
  reason: DashboardErrorReason;
}

/** The dashboard could not start: its page is not built, or its port is taken (the message says the fix). */
export class DashboardError extends ToolloopError {
  readonly reason: DashboardErrorReason;

  constructor(options: DashboardErrorOptions) {
    super({ code: 'dashboard', origin: 'environment', message: options.message, cause: options.cause });
    this.reason = options.reason;
  }

  /** True for a DashboardError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is DashboardError {
    return ToolloopError.isInstance(error) && error.code === 'dashboard';
  }
}
