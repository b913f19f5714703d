import { redactSecrets } from '@toolloop/core/internal';

/** Keys whose values are credentials whatever they look like: headers, and `apiKey`/`api_key`/`OPENAI_API_KEY`. */
const credentialKey = /^(authorization|proxy-authorization|x-api-key|cookie|set-cookie)$|api[-_]?key$/i;

/**
 * A copy of `value` safe to log: every string goes through core's `redactSecrets`, image bytes are
 * replaced by their size (a log line holding a base64 photo helps nobody), cycles and functions are
 * dropped. Plain data only comes out.
 */
export function redactValue(
  value: unknown,
  secrets: readonly string[],
  redactMore?: (text: string) => string,
  seen = new WeakSet<object>(),
): unknown {
  if (typeof value === 'string') {
    const out = redactSecrets(value, secrets);
    return redactMore ? redactMore(out) : out;
  }
  // JSON cannot hold a BigInt (JSON.stringify throws): its digits as text keep the record loggable.
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error)
    return { name: value.name, message: redactValue(value.message, secrets, redactMore) };
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  // Log what JSON (and so the model) sees of a class instance: its toJSON, not its private internals.
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return redactValue(toJSON.call(value), secrets, redactMore, seen);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, redactMore, seen));
  const out: Record<string, unknown> = {};
  const isBase64Image =
    (value as { type?: unknown }).type === 'image' && typeof (value as { data?: unknown }).data === 'string';
  for (const [key, item] of Object.entries(value)) {
    if (isBase64Image && key === 'data') out[key] = `[${(item as string).length} base64 chars]`;
    else if (credentialKey.test(key)) out[key] = '[REDACTED]';
    else {
      const redacted = redactValue(item, secrets, redactMore, seen);
      if (redacted !== undefined) out[key] = redacted;
    }
  }
  return out;
}
