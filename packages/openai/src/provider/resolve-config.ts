import { InvalidOptionError } from '@toolloop/core';
import type { Dispatcher } from 'undici';
import { defaultAgent } from '../http/default-agent.js';
import type { OpenAIOptions } from './openai-options.js';

/** Everything a call needs, computed once per model so the hot path only reads it. */
export interface ResolvedConfig {
  modelId: string;
  baseURL: string;
  /** `scheme://host:port`, for messages (never the path: gateways put keys in paths). */
  origin: string;
  /** The chat-completions endpoint. */
  url: string;
  apiKey: string | undefined;
  /** True for api.openai.com without a key: every call fails with InvalidOptionError. */
  missingKey: boolean;
  headers: Record<string, string>;
  dispatcher: Dispatcher;
  legacyFunctions: boolean;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  extraBody: Record<string, unknown> | undefined;
  firstChunkTimeoutMs: number;
  idleTimeoutMs: number;
  maxEventBytes: number | undefined;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

function positive(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new InvalidOptionError(
      option,
      `openai(): ${option} must be a positive number of milliseconds, got ${String(value)}.`,
    );
  }
  return value;
}

/** Options + environment → ResolvedConfig; throws InvalidOptionError for a bad option. */
export function resolveConfig(modelId: string, options: OpenAIOptions): ResolvedConfig {
  if (typeof modelId !== 'string') {
    throw new InvalidOptionError(
      'modelId',
      `openai(modelId): modelId must be a string such as 'gpt-4o-mini'.`,
    );
  }
  const {
    baseURL: rawBaseURL = process.env.OPENAI_BASE_URL || OPENAI_BASE_URL,
    apiKey = process.env.OPENAI_API_KEY || undefined,
    organization,
    project,
    headers: extraHeaders,
    dispatcher = defaultAgent(),
    compat = {},
    extraBody,
    firstChunkTimeoutMs,
    idleTimeoutMs,
    maxEventBytes,
  } = options;
  let parsed: URL;
  try {
    parsed = new URL(rawBaseURL);
  } catch {
    throw new InvalidOptionError(
      'baseURL',
      `openai(): baseURL "${rawBaseURL}" is not a valid URL. Use the API root, e.g. 'http://localhost:11434/v1'.`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidOptionError(
      'baseURL',
      `openai(): baseURL must start with http:// or https://, got "${parsed.protocol}".`,
    );
  }
  const baseURL = rawBaseURL.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (organization) headers['openai-organization'] = organization;
  if (project) headers['openai-project'] = project;
  if (extraHeaders) {
    for (const name in extraHeaders) headers[name.toLowerCase()] = extraHeaders[name] as string;
  }
  return {
    modelId,
    baseURL,
    origin: parsed.origin,
    url: `${baseURL}/chat/completions`,
    apiKey,
    missingKey: !apiKey && !headers.authorization && parsed.hostname === 'api.openai.com',
    headers,
    dispatcher,
    legacyFunctions: compat.functions === true,
    maxTokensField: compat.maxTokensField ?? 'max_tokens',
    extraBody,
    firstChunkTimeoutMs: positive('firstChunkTimeoutMs', firstChunkTimeoutMs, 60_000),
    idleTimeoutMs: positive('idleTimeoutMs', idleTimeoutMs, 60_000),
    maxEventBytes: maxEventBytes === undefined ? undefined : positive('maxEventBytes', maxEventBytes, 0),
  };
}

/** The error every call of a keyless api.openai.com model throws. */
export function missingKeyError(): InvalidOptionError {
  return new InvalidOptionError(
    'apiKey',
    'openai(): no API key for https://api.openai.com. Set the OPENAI_API_KEY environment variable or pass { apiKey }; ' +
      'for a local server (Ollama, vLLM, llama.cpp) set baseURL / OPENAI_BASE_URL instead.',
  );
}

/** Headers for one call: the model's, with the call's own on top. */
export function callHeaders(
  config: ResolvedConfig,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  if (!extra) return config.headers;
  const headers = { ...config.headers };
  for (const name in extra) headers[name.toLowerCase()] = extra[name] as string;
  return headers;
}
