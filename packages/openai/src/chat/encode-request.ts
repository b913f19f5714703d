import { AbortError, type CallOptions, type ModelRequest } from '@toolloop/core';
import { missingKeyError, type ResolvedConfig } from '../provider/resolve-config.js';
import { buildRequestBody } from '../request/build-request-body.js';

/**
 * What every call does before it sends: refuse a call that cannot succeed (no key for
 * api.openai.com, an already aborted signal) and serialise the request body once.
 */
export function encodeRequest(
  config: ResolvedConfig,
  request: ModelRequest,
  callOptions: CallOptions | undefined,
  stream: boolean,
): string {
  if (config.missingKey) throw missingKeyError();
  const signal = callOptions?.signal;
  if (signal?.aborted) throw new AbortError({ cause: signal.reason });
  return JSON.stringify(
    buildRequestBody({
      modelId: config.modelId,
      request,
      stream,
      legacyFunctions: config.legacyFunctions,
      maxTokensField: config.maxTokensField,
      extraBody: config.extraBody,
    }),
  );
}
