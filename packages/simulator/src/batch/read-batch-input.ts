import type { ChatRequestBody } from '../types.js';
import type { BatchErrorData } from './batch-types.js';
import { jsonlLines } from './jsonl-lines.js';

/** One request of a batch input file. */
export interface BatchInputLine {
  customId: string;
  body: ChatRequestBody;
}

/** The requests of a batch input file, or the reasons the batch fails validation. */
export interface BatchInput {
  lines: BatchInputLine[];
  errors: BatchErrorData[];
  /** The model of the first line, reported as the batch's `model`. */
  model: string | undefined;
}

// OpenAI lists this many errors at most; a file with a systematic mistake would list every line.
const MAX_ERRORS = 100;

/**
 * Reads and checks a batch input file as OpenAI does while a batch is `validating`: each line has
 * a string `custom_id` (unique), `method: 'POST'`, the batch's `url` and an object `body`, and every
 * body names the same model.
 */
export function readBatchInput(data: Buffer, endpoint: string): BatchInput {
  const lines: BatchInputLine[] = [];
  const errors: BatchErrorData[] = [];
  const seen = new Set<string>();
  let model: string | undefined;
  const fail = (code: string, message: string, param: string | null, line: number): void => {
    if (errors.length < MAX_ERRORS) errors.push({ code, message, param, line });
  };
  for (const { lineNumber, text } of jsonlLines(data)) {
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text) as Record<string, unknown>;
    } catch {
      fail('invalid_json_line', 'This line is not parseable as valid JSON.', null, lineNumber);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail('invalid_json_line', 'This line is not a JSON object.', null, lineNumber);
      continue;
    }
    const { custom_id: customId, method, url, body } = value;
    if (typeof customId !== 'string' || customId === '') {
      fail('missing_required_parameter', "Missing required parameter: 'custom_id'.", 'custom_id', lineNumber);
      continue;
    }
    if (seen.has(customId)) {
      fail(
        'duplicate_custom_id',
        `The custom_id '${customId}' is used by another request. custom_id must be unique for each request in a batch.`,
        'custom_id',
        lineNumber,
      );
      continue;
    }
    seen.add(customId);
    if (method === undefined) {
      fail('missing_required_parameter', "Missing required parameter: 'method'.", 'method', lineNumber);
      continue;
    }
    if (method !== 'POST') {
      fail(
        'invalid_value',
        `Invalid method '${String(method)}'. Only 'POST' is supported.`,
        'method',
        lineNumber,
      );
      continue;
    }
    if (url !== endpoint) {
      fail(
        'url_mismatch',
        `The url '${String(url)}' of this request does not match the batch endpoint '${endpoint}'.`,
        'url',
        lineNumber,
      );
      continue;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      fail('missing_required_parameter', "Missing required parameter: 'body'.", 'body', lineNumber);
      continue;
    }
    const lineModel = (body as { model?: unknown }).model;
    if (typeof lineModel === 'string') {
      if (model === undefined) model = lineModel;
      else if (lineModel !== model) {
        fail(
          'model_mismatch',
          `The model '${lineModel}' differs from the model '${model}' of the file's first request. A batch uses one model.`,
          'body.model',
          lineNumber,
        );
        continue;
      }
    }
    lines.push({ customId, body: body as ChatRequestBody });
  }
  if (lines.length === 0 && errors.length === 0) {
    errors.push({ code: 'empty_file', message: 'The batch input file is empty.', param: null, line: null });
  }
  return { lines, errors, model };
}
