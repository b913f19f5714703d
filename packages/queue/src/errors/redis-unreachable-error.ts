import { ToolloopError } from '@toolloop/core';

/** Redis did not answer at start. The URL in the message has its password removed. */
export class RedisUnreachableError extends ToolloopError {
  /** The URL that did not answer, without credentials. */
  readonly url: string;
  constructor(options: { url: string; cause?: unknown }) {
    const reason = options.cause instanceof Error ? ` (${options.cause.message})` : '';
    super(
      'redis-unreachable',
      `@toolloop/queue could not reach Redis at ${options.url}${reason}. Start Redis there (bash scripts/redis.sh start for a local one) or pass the URL of a running server as \`connection\`.`,
      { cause: options.cause },
    );
    this.url = options.url;
  }

  /** True for a RedisUnreachableError from any copy of this package. */
  static override isInstance(error: unknown): error is RedisUnreachableError {
    return ToolloopError.isInstance(error) && error.code === 'redis-unreachable';
  }
}
