import { redactSecrets } from '@toolloop/core';

/**
 * A copy of `value` safe to log: every string goes through core's `redactSecrets`, image bytes are
 * replaced by their size (a log line holding a base64 photo helps nobody), cycles and functions are
 * dropped. Plain data only comes out.
 */
export function redactValue(
  value: unknown,
  secrets: readonly string[],
  seen = new WeakSet<object>(),
): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return { name: value.name, message: redactSecrets(value.message, secrets) };
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, seen));
  const out: Record<string, unknown> = {};
  const isBase64Image =
    (value as { type?: unknown }).type === 'image' && typeof (value as { data?: unknown }).data === 'string';
  for (const [key, item] of Object.entries(value)) {
    if (isBase64Image && key === 'data') out[key] = `[${(item as string).length} base64 chars]`;
    else if (/^(authorization|proxy-authorization|api-?key|x-api-key|cookie|set-cookie)$/i.test(key))
      out[key] = '[REDACTED]';
    else {
      const redacted = redactValue(item, secrets, seen);
      if (redacted !== undefined) out[key] = redacted;
    }
  }
  return out;
}
