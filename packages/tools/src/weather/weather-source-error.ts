import { ToolloopError, type ToolloopErrorOptions } from '@toolloop/core';

/** Why a weather source failed. */
export type WeatherSourceErrorReason = 'city-not-found' | 'http' | 'network' | 'timeout' | 'bad-response';

/**
 * A weather source could not answer. Thrown from a tool's execute, so the model reads the message
 * (and can, say, retry with another spelling of the city); code `weather-source`.
 */
export class WeatherSourceError extends ToolloopError {
  readonly reason: WeatherSourceErrorReason;
  /** HTTP status, for reason `http`. */
  readonly status: number | undefined;

  constructor(
    reason: WeatherSourceErrorReason,
    message: string,
    options: ToolloopErrorOptions & { status?: number | undefined } = {},
  ) {
    super('weather-source', message, options);
    this.reason = reason;
    this.status = options.status;
  }
}
