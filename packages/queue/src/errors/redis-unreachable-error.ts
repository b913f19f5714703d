import { ToolloopError } from '@toolloop/core';

/** Redis did not answer at start. The URL in the message has its password removed. */
export class RedisUnreachableError extends ToolloopError {
  /** The URL that did not answer, without credentials. */
  readonly url: string;
  /**
   * `detail`: what the client said, with credentials already removed. The client's own error is not
   * kept as `cause`: its message may quote the URL with its password.
   */
  constructor(options: { url: string; detail?: string; cause?: unknown }) {
    const reason = options.detail
      ? ` (${options.detail})`
      : options.cause instanceof Error
        ? ` (${options.cause.message})`
        : '';
    super({
      code: 'redis-unreachable',
      origin: 'environment',
      message: `@toolloop/queue could not reach Redis at ${options.url}${reason}. Start Redis there (bash scripts/redis.sh start for a local one) or pass the URL of a running server as \`connection\`.`,
      cause: options.cause,
    });
    this.url = options.url;
  }

  /** True for a RedisUnreachableError from any copy of this package. */
  static override isInstance(error: unknown): error is RedisUnreachableError {
    return ToolloopError.isInstance(error) && error.code === 'redis-unreachable';
  }
}
