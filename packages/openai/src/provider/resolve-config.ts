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
  /**
   * Everything to remove from error text: the key, a baseURL password and the values of credential
   * headers given in `headers` (Azure's `api-key`, a custom `authorization`).
   */
  secrets: string[];
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
  /** Cap on a non-streamed body (and a JSON body answering a stream request). */
  maxResponseBytes: number;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

// OpenAI's reasoning models reject `max_tokens` (400 "Use 'max_completion_tokens' instead").
const OPENAI_REASONING_MODEL = /^(o\d|gpt-5)/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function refuseControlCharacters(option: string, value: unknown): void {
  if (typeof value !== 'string') return;
  const at = value.search(/[\r\n\0]/);
  if (at < 0) return;
  const what = value[at] === '\0' ? 'NUL' : value[at] === '\r' ? 'CR' : 'LF';
  // The value itself is never quoted: it is usually a credential.
  throw new InvalidOptionError({
    option,
    message: `openai(): ${option} contains a ${what} character at position ${at}, which no HTTP header may carry. A key read from a file often ends in a newline: trim it (e.g. readFileSync(path, 'utf8').trim()).`,
  });
}

const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|api-key|x-api-key)$/;

function positive(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new InvalidOptionError({
      option,
      message: `openai(): ${option} must be a positive number (${option.endsWith('Bytes') ? 'bytes' : 'milliseconds'}), got ${String(value)}.`,
    });
  }
  return value;
}

function decodeUserinfo(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Options + environment → ResolvedConfig; throws InvalidOptionError for a bad option. */
export function resolveConfig(modelId: string, options: OpenAIOptions): ResolvedConfig {
  if (typeof modelId !== 'string') {
    throw new InvalidOptionError({
      option: 'modelId',
      message: `openai(modelId): modelId must be a string such as 'gpt-4o-mini'.`,
    });
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
    maxResponseBytes,
  } = options;
  let parsed: URL;
  try {
    parsed = new URL(rawBaseURL);
  } catch {
    throw new InvalidOptionError({
      option: 'baseURL',
      message: `openai(): baseURL "${rawBaseURL}" is not a valid URL. Use the API root, e.g. 'http://localhost:11434/v1'.`,
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidOptionError({
      option: 'baseURL',
      message: `openai(): baseURL must start with http:// or https://, got "${parsed.protocol}".`,
    });
  }
  // undici ignores user:pass in a URL; send it as basic auth and keep it out of every URL we show.
  const username = decodeUserinfo(parsed.username);
  const password = decodeUserinfo(parsed.password);
  // Azure-style `?api-version=…` belongs after `/chat/completions`, not inside the path.
  const path = parsed.pathname.replace(/\/+$/, '');
  const baseURL = `${parsed.origin}${path}${parsed.search}`;
  // A credential or header with CR, LF or NUL can never be sent (and would split the request if it
  // were): the user's mistake, refused here once rather than retried as a network failure.
  refuseControlCharacters('apiKey', apiKey);
  refuseControlCharacters('organization', organization);
  refuseControlCharacters('project', project);
  if (extraHeaders) {
    for (const name in extraHeaders) {
      if (!HEADER_NAME.test(name)) {
        throw new InvalidOptionError({
          option: 'headers',
          message: `openai({ headers }): ${JSON.stringify(name)} is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_\`|~ only).`,
        });
      }
      refuseControlCharacters(`headers[${JSON.stringify(name)}]`, extraHeaders[name]);
    }
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  else if (username || password)
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  if (organization) headers['openai-organization'] = organization;
  if (project) headers['openai-project'] = project;
  if (extraHeaders) {
    for (const name in extraHeaders) headers[name.toLowerCase()] = extraHeaders[name] as string;
  }
  const secrets: string[] = [];
  if (apiKey) secrets.push(apiKey);
  if (password) secrets.push(password, parsed.password);
  // A key given as the URL's user name (`http://KEY@host/v1`) is as secret as one given as its password.
  if (username) secrets.push(username, parsed.username);
  for (const name in headers) {
    const value = headers[name];
    if (!CREDENTIAL_HEADER.test(name) || typeof value !== 'string') continue;
    // `Bearer x` / `Basic x` → x (the scheme word is no secret, and redacting it would mangle text).
    const token = value.replace(/^[A-Za-z]+\s+/, '');
    if (token) secrets.push(token);
  }
  const isOpenAI = parsed.hostname === 'api.openai.com';
  return {
    modelId,
    baseURL,
    origin: parsed.origin,
    url: `${parsed.origin}${path}/chat/completions${parsed.search}`,
    apiKey,
    secrets,
    missingKey: !apiKey && !headers.authorization && isOpenAI,
    headers,
    dispatcher,
    legacyFunctions: compat.functions === true,
    maxTokensField:
      compat.maxTokensField ??
      (isOpenAI && OPENAI_REASONING_MODEL.test(modelId) ? 'max_completion_tokens' : 'max_tokens'),
    extraBody,
    firstChunkTimeoutMs: positive('firstChunkTimeoutMs', firstChunkTimeoutMs, 60_000),
    idleTimeoutMs: positive('idleTimeoutMs', idleTimeoutMs, 60_000),
    maxEventBytes: maxEventBytes === undefined ? undefined : positive('maxEventBytes', maxEventBytes, 0),
    maxResponseBytes: positive('maxResponseBytes', maxResponseBytes, 32 * 1024 * 1024),
  };
}

/** The error every call of a keyless api.openai.com model throws. */
export function missingKeyError(): InvalidOptionError {
  return new InvalidOptionError({
    option: 'apiKey',
    message:
      'openai(): no API key for https://api.openai.com. Set the OPENAI_API_KEY environment variable or pass { apiKey }; ' +
      'for a local server (Ollama, vLLM, llama.cpp) set baseURL / OPENAI_BASE_URL instead.',
  });
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
