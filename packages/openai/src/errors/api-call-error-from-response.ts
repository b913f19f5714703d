import { APICallError } from '@toolloop/core';
import { isRetryableStatus, redactSecrets } from '@toolloop/core/internal';

/** Options of {@link apiCallErrorFromResponse}. */
export interface ApiCallErrorFromResponseOptions {
  /** `scheme://host:port` of the API, for the message. */
  origin: string;
  url: string;
  status: number;
  /** Response headers, already cleaned of credentials. */
  headers: Record<string, string>;
  bodyText: string;
  /** Removed from message and body excerpt wherever they appear (OpenAI's 401 echoes the key). */
  secrets: ReadonlyArray<string | undefined>;
}

const BODY_EXCERPT_CHARS = 500;

interface WireError {
  message?: unknown;
  code?: unknown;
  type?: unknown;
  /** Groq / the simulator put the real status inside an in-band error; Azure calls it `status`. */
  status_code?: unknown;
  status?: unknown;
}

function readError(bodyText: string): WireError | undefined {
  try {
    const parsed = JSON.parse(bodyText) as { error?: unknown } | null;
    if (parsed && typeof parsed === 'object' && parsed.error && typeof parsed.error === 'object') {
      return parsed.error as WireError;
    }
    if (parsed && typeof parsed === 'object' && 'message' in parsed) return parsed as WireError;
  } catch {
    // Not JSON (an HTML page from a proxy, a plain-text 502): the excerpt tells the story.
  }
  return undefined;
}

function codeOf(error: WireError | undefined): string | undefined {
  const code = error?.code ?? error?.type;
  // OpenRouter sends `code: 429` as a number.
  if (typeof code === 'number') return String(code);
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/** A non-2xx answer → APICallError, with key-free message and body excerpt. */
export function apiCallErrorFromResponse(options: ApiCallErrorFromResponseOptions): APICallError {
  const { origin, url, status, headers, bodyText, secrets } = options;
  const error = readError(bodyText);
  const providerCode = codeOf(error);
  // Redacted before it is cut, so a key that straddles the cut cannot leak half of itself.
  const excerpt = redactSecrets(bodyText, secrets).slice(0, BODY_EXCERPT_CHARS).trim();
  const location = headers.location;
  const detail =
    typeof error?.message === 'string' && error.message !== ''
      ? redactSecrets(error.message, secrets).slice(0, BODY_EXCERPT_CHARS)
      : status >= 300 && status < 400 && location
        ? // Redirects are not followed (a POST body and its key must not wander off to another host).
          `redirected to ${redactSecrets(location, secrets)}; set baseURL to the address that answers directly`
        : excerpt || '(empty body)';
  const code = error?.code ?? error?.type;
  // A 429 for an exhausted quota will not clear up by waiting.
  // A 2xx carrying an error object (in-band error): judge it by the status it names inside.
  const inner = error?.status_code ?? error?.status;
  const effectiveStatus = status >= 200 && status < 300 ? (typeof inner === 'number' ? inner : 500) : status;
  const outOfQuota = code === 'insufficient_quota' || error?.type === 'insufficient_quota';
  return new APICallError({
    message: `OpenAI-compatible API at ${origin} answered ${status}: ${detail}${providerCode ? ` (${providerCode})` : ''}`,
    url,
    status,
    isRetryable: isRetryableStatus(effectiveStatus) && !outOfQuota,
    requestId: headers['x-request-id'],
    responseHeaders: headers,
    responseBody: excerpt,
    providerCode,
  });
}
