import { type APICallError, ToolloopError } from '@toolloop/core';

/** Options of {@link BatchUnsupportedError}. */
export interface BatchUnsupportedErrorOptions {
  /** `scheme://host:port` of the API. */
  origin: string;
  /** The route that answered 404, e.g. `POST /v1/batches`. */
  route: string;
  /** The 404 itself. */
  cause: APICallError;
}

/**
 * The server has no Batch API: `/files` or `/batches` answered 404 (Ollama, vLLM's server,
 * llama.cpp and LM Studio have none). Run the batch in local mode instead.
 */
export class BatchUnsupportedError extends ToolloopError {
  readonly url: string | undefined;
  readonly status = 404;

  constructor(options: BatchUnsupportedErrorOptions) {
    const { origin, route, cause } = options;
    super({
      code: 'batch-unsupported',
      origin: 'provider',
      message:
        `The OpenAI-compatible API at ${origin} has no Batch API: ${route} answered 404 (${(cause.responseBody || 'empty body').slice(0, 200)}). ` +
        'Local servers (Ollama, vLLM, llama.cpp, LM Studio) usually lack it. Run the batch in local mode instead ' +
        '(without the provider option / `--provider`), which sends the same requests one by one with a concurrency cap.',
      cause,
    });
    this.url = cause.url;
  }

  /** True for this error, even from another copy of the package (by `code`). */
  static override isInstance(error: unknown): error is BatchUnsupportedError {
    return ToolloopError.isInstance(error) && error.code === 'batch-unsupported';
  }
}
