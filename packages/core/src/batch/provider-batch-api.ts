import type { APICallError } from '../errors/api-call-error.js';
import type { CallOptions, ModelRequest, ModelResponse, Usage } from '../model/model.js';

/**
 * Where a provider batch is, in one vocabulary for every provider. `validating` and `running` come
 * before any result; `completed`, `failed`, `expired` and `cancelled` are final.
 */
export type ProviderBatchStatus =
  | 'validating'
  | 'running'
  | 'finalizing'
  | 'completed'
  | 'failed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

/** Why a provider refused a whole batch (its input file did not validate). */
export interface ProviderBatchError {
  code: string;
  message: string;
  /** 1-based line of the input file, when the problem is in one line. */
  line?: number;
  param?: string;
}

/** A provider batch as toolloop sees it. Times are epoch milliseconds. */
export interface ProviderBatch {
  id: string;
  status: ProviderBatchStatus;
  /** The provider's own status word (`in_progress`, …), for logs and unknown states. */
  providerStatus: string;
  /** Requests in the batch, and how many finished well or badly so far. */
  counts: { total: number; completed: number; failed: number };
  createdAtMs: number | undefined;
  /** When it reached a final status. */
  finishedAtMs: number | undefined;
  /** When the provider gives up on it (the completion window). */
  expiresAtMs: number | undefined;
  /** Why validation failed (status `failed`); empty otherwise. */
  errors: ProviderBatchError[];
  /** Tokens used so far, when the provider reports them. */
  usage: Usage | undefined;
  metadata: Record<string, string>;
}

/** One request of a batch: the id that joins its result, and the model request. */
export interface BatchRequest {
  customId: string;
  request: ModelRequest;
}

/** A model answer from a batch (`source: 'batch'`): core bills it at the provider's batch rates. */
export type BatchModelResponse = ModelResponse & { source: 'batch' };

/**
 * The result of one request, joined by `customId` (output files come in any order). `reason`:
 * `'failed'` — the request ran and the provider answered an error (`error.status` says which);
 * `'expired'` — it never ran before the completion window closed; `'not-run'` — it never ran for
 * another reason the provider named (`error.providerCode`).
 */
export type ProviderBatchResult =
  | { customId: string; isError: false; response: BatchModelResponse; requestId: string | undefined }
  | {
      customId: string;
      isError: true;
      error: APICallError;
      reason: 'failed' | 'expired' | 'not-run';
      requestId: string | undefined;
    };

/** Options of {@link ProviderBatchApi.submit}. */
export interface SubmitBatchOptions {
  /** Lines made by {@link ProviderBatchApi.encode}, one request each (or a JSONL file at `path`). */
  lines?: Iterable<string> | AsyncIterable<string>;
  path?: string;
  /** Stored with the batch (at most 16 string pairs at OpenAI). */
  metadata?: Record<string, string>;
  signal?: AbortSignal;
}

/** Per-call options of the batch API's reads. */
export type BatchCallOptions = Pick<CallOptions, 'signal'>;

/**
 * A provider's Batch API, in neutral terms: what `@toolloop/batch` needs to run rounds of model
 * calls through it. A provider module implements it over its wire (`openaiBatchApi` of `@toolloop/openai` for
 * OpenAI's Files + Batches API).
 */
export interface ProviderBatchApi {
  /** The provider's name, as `Model.provider`. */
  readonly provider: string;
  /** The model every request is sent to (and billed as), as `Model.modelId`. */
  readonly modelId: string;
  /** The most requests and bytes (of encoded lines, newlines included) one batch may hold; split above them. */
  readonly limits: { maxRequests: number; maxBytes: number };
  /** One request as the provider's input line (no newline): measure it against `limits.maxBytes`. */
  encode(request: BatchRequest): string;
  /** Uploads the lines and starts a batch over them. Nothing is sent when they exceed `limits`. */
  submit(options: SubmitBatchOptions): Promise<ProviderBatch>;
  retrieve(batchId: string, options?: BatchCallOptions): Promise<ProviderBatch>;
  /** Asks the provider to stop; finished requests stay available through `results`. */
  cancel(batchId: string, options?: BatchCallOptions): Promise<ProviderBatch>;
  /** Every batch of the account, newest first, page after page. */
  list(options?: BatchCallOptions & { pageSize?: number }): AsyncIterable<ProviderBatch>;
  /** The results of a finished batch, one per request that has one, streamed (never all in memory). */
  results(batchId: string, options?: BatchCallOptions): AsyncIterable<ProviderBatchResult>;
}
