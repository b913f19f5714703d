import { missingMessagesError } from '../server/missing-messages.js';
import { requestModel, resolveReply } from '../server/resolve-reply.js';
import type { Turn } from '../types.js';
import { completionBody } from '../wire/completion-body.js';
import { defaultErrorBody, errorBody } from '../wire/error-bodies.js';
import type { Usage } from '../wire/reply.js';
import type { BatchLineFailure } from './batch-types.js';
import type { BatchInputLine } from './read-batch-input.js';

/** One finished line: its serialised output line and, for a 200, the tokens it used. */
export interface BatchLineResult {
  customId: string;
  /** True for a 200 answer (it goes to the output file), false for the error file. */
  ok: boolean;
  /** The output line as JSON text (no newline). */
  json: string;
  usage: Usage | null;
}

/** Options of {@link runBatchLine}. */
export interface RunBatchLineOptions {
  line: BatchInputLine;
  /** Numbers the line across the server: ids are `batch_req_sim_<n>`, tool calls `call_sim_b<n>_<i>`. */
  sequence: number;
  /** `created` of the completion, in epoch seconds. */
  createdSeconds: number;
  defaultModel: string;
  /** A scripted turn for this `custom_id`, else the policy answers. */
  turn: Turn | undefined;
  failure: BatchLineFailure | undefined;
}

function outputLine(
  id: string,
  customId: string,
  response: { status: number; requestId: string; bodyJson: string } | null,
  error: { code: string; message: string } | null,
): string {
  const responseJson =
    response === null
      ? 'null'
      : `{"status_code":${response.status},"request_id":${JSON.stringify(response.requestId)},"body":${response.bodyJson}}`;
  return `{"id":${JSON.stringify(id)},"custom_id":${JSON.stringify(customId)},"response":${responseJson},"error":${JSON.stringify(error)}}`;
}

/** The output line of a request that never ran (expired), as OpenAI writes it to the error file. */
export function unrunLine(
  sequence: number,
  customId: string,
  error: { code: string; message: string },
): BatchLineResult {
  return {
    customId,
    ok: false,
    json: outputLine(`batch_req_sim_${sequence}`, customId, null, error),
    usage: null,
  };
}

/**
 * Answers one batch line exactly as a synchronous `POST /v1/chat/completions` with the same body
 * would be answered (same validation, script turn or policy, same body shape), unless a configured
 * line failure hits it.
 */
export function runBatchLine(options: RunBatchLineOptions): BatchLineResult {
  const { line, sequence, createdSeconds, defaultModel, turn, failure } = options;
  const id = `batch_req_sim_${sequence}`;
  const requestId = `req_sim_batch_${sequence}`;
  const answer = (status: number, body: unknown): BatchLineResult => ({
    customId: line.customId,
    ok: false,
    json: outputLine(id, line.customId, { status, requestId, bodyJson: JSON.stringify(body) }, null),
    usage: null,
  });
  if (failure?.error) return unrunLine(sequence, line.customId, failure.error);
  if (failure) {
    const status = failure.status ?? 500;
    return answer(status, failure.body ?? defaultErrorBody(status, requestId));
  }
  const invalid = missingMessagesError(line.body);
  if (invalid) return answer(400, invalid);
  if (line.body.stream === true) {
    return answer(
      400,
      errorBody('Streaming is not supported in the Batch API.', 'invalid_request_error', null, 'stream'),
    );
  }
  const model = requestModel(line.body, defaultModel);
  let reply: ReturnType<typeof resolveReply>;
  try {
    reply = resolveReply(turn, line.body, `b${sequence}`, requestId, model);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return answer(500, errorBody(`Simulator error: ${message}`, 'server_error'));
  }
  if (reply.kind === 'error') return answer(reply.status, reply.body);
  const bodyJson = completionBody(reply, { id: `chatcmpl-sim-b${sequence}`, created: createdSeconds, model });
  return {
    customId: line.customId,
    ok: true,
    json: outputLine(id, line.customId, { status: 200, requestId, bodyJson }, null),
    usage: reply.usage,
  };
}

/** FNV-1a of a string mapped to [0, 1): a repeatable coin for `rate`. */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x1_0000_0000;
}

/** The first configured failure that hits this `custom_id`. */
export function matchLineFailure(
  customId: string,
  failures: readonly BatchLineFailure[],
): BatchLineFailure | undefined {
  return failures.find((failure) => {
    if (failure.customId !== undefined && !new RegExp(failure.customId).test(customId)) return false;
    if (failure.rate !== undefined && unitHash(customId) >= failure.rate) return false;
    return true;
  });
}
