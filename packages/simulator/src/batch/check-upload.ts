import { errorBody } from '../wire/error-bodies.js';
import { jsonlLines } from './jsonl-lines.js';

/** The purposes OpenAI's `POST /v1/files` accepts. */
export const FILE_PURPOSES = new Set(['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals']);

/** Options of {@link checkBatchUpload}. */
export interface CheckBatchUploadOptions {
  filename: string;
  data: Buffer;
  maxLines: number;
  maxBytes: number;
}

type ErrorBody = ReturnType<typeof errorBody>;

/**
 * What OpenAI checks when a `purpose=batch` file arrives: a `.jsonl` name, the size, every line a
 * JSON object, the line count. The fields of each line are checked later, while the batch is
 * `validating` (as OpenAI does). Returns the 400 body, or `undefined` when the file is accepted.
 */
export function checkBatchUpload(options: CheckBatchUploadOptions): ErrorBody | undefined {
  const { filename, data, maxLines, maxBytes } = options;
  if (!filename.toLowerCase().endsWith('.jsonl')) {
    return errorBody(
      'Invalid file format for Batch API. Must be .jsonl',
      'invalid_request_error',
      null,
      'file',
    );
  }
  if (data.length > maxBytes) {
    return errorBody(
      `File is too large. A batch input file may have at most ${maxBytes} bytes; this one has ${data.length}. Split it into several batches.`,
      'invalid_request_error',
      null,
      'file',
    );
  }
  let lines = 0;
  for (const { lineNumber, text } of jsonlLines(data)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return errorBody(
        `Expected file to have JSONL format, where every line is a valid JSON dictionary. Line ${lineNumber} is not a dictionary.`,
        'invalid_request_error',
        null,
        'file',
      );
    }
    lines += 1;
  }
  if (lines > maxLines) {
    return errorBody(
      `The batch input file has ${lines} requests; a batch may have at most ${maxLines}. Split it into several batches.`,
      'invalid_request_error',
      null,
      'file',
    );
  }
  return undefined;
}
