/**
 * OpenAI's Batch and File objects and the batch output line, as read off the wire: every field a
 * server may leave out or send as `null` (or, for file ids, `''`) is optional and nullable.
 */

/** `Batch.status` as OpenAI documents it; other servers may send words of their own. */
export type WireBatchStatus =
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

/** An entry of `Batch.errors.data`. */
export interface WireBatchError {
  code?: string | null;
  message?: string | null;
  param?: string | null;
  line?: number | null;
}

/** The `Batch` object (`POST /v1/batches`, `GET /v1/batches/{id}`). */
export interface WireBatch {
  id: string;
  object?: 'batch';
  endpoint?: string;
  model?: string | null;
  status: WireBatchStatus | (string & {});
  input_file_id?: string;
  completion_window?: string;
  output_file_id?: string | null;
  error_file_id?: string | null;
  errors?: { object?: string; data?: WireBatchError[] | null } | null;
  created_at?: number;
  in_progress_at?: number | null;
  expires_at?: number | null;
  finalizing_at?: number | null;
  completed_at?: number | null;
  failed_at?: number | null;
  expired_at?: number | null;
  cancelling_at?: number | null;
  cancelled_at?: number | null;
  request_counts?: { total?: number; completed?: number; failed?: number } | null;
  usage?: {
    input_tokens?: number;
    input_tokens_details?: { cached_tokens?: number } | null;
    output_tokens?: number;
    output_tokens_details?: { reasoning_tokens?: number } | null;
    total_tokens?: number;
  } | null;
  metadata?: Record<string, string> | null;
}

/** A page of `GET /v1/batches`. */
export interface WireBatchPage {
  object?: 'list';
  data: WireBatch[];
  first_id?: string | null;
  last_id?: string | null;
  has_more?: boolean;
}

/** The `File` object (`POST /v1/files`, `GET /v1/files/{id}`). */
export interface WireFile {
  id: string;
  object?: 'file';
  bytes?: number;
  created_at?: number;
  expires_at?: number | null;
  filename?: string;
  purpose?: string;
  status?: string;
}

/**
 * One line of a batch output or error file: `response` for a request that reached the model
 * (any status), `error` for one that never ran (expired, cancelled). vLLM's offline runner writes
 * `error` as a plain string.
 */
export interface WireBatchOutputLine {
  id?: string;
  custom_id: string;
  response?: { status_code?: number; request_id?: string; body?: unknown } | null;
  error?: { code?: string | null; message?: string | null } | string | null;
}
