import { ToolloopError, type ToolloopErrorOptions } from '@toolloop/core';

/** Why a weather source failed. */
export type WeatherSourceErrorReason = 'city-not-found' | 'http' | 'network' | 'timeout' | 'bad-response';

/** Constructor options of WeatherSourceError. */
export interface WeatherSourceErrorOptions extends ToolloopErrorOptions {
  reason: WeatherSourceErrorReason;
  /** HTTP status, for reason `http`. */
  status?: number | undefined;
}

/**
 * A weather source could not answer. Thrown from a tool's execute, so the model reads the message
 * (and can, say, retry with another spelling of the city); code `weather-source`.
 */
export class WeatherSourceError extends ToolloopError {
  readonly reason: WeatherSourceErrorReason;
  /** HTTP status, for reason `http`. */
  readonly status: number | undefined;

  constructor(options: WeatherSourceErrorOptions) {
    super({ code: 'weather-source', origin: 'tool', message: options.message, cause: options.cause });
    this.reason = options.reason;
    this.status = options.status;
  }

  /** True for a WeatherSourceError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is WeatherSourceError {
    return ToolloopError.isInstance(error) && error.code === 'weather-source';
  }
}
