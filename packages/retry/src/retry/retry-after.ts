/**
 * How long the server asked us to wait, from `retry-after-ms` (milliseconds, OpenAI's own header)
 * or `retry-after` (seconds, or an HTTP date). Undefined when neither is present or parseable —
 * the caller then falls back to backoff rather than trusting a garbled header.
 */
export function retryAfterMs(
  headers: Readonly<Record<string, string>>,
  nowMs: number = Date.now(),
): number | undefined {
  const ms = parseNumber(headers['retry-after-ms']);
  if (ms !== undefined) return ms;
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return seconds * 1000;
  // Every HTTP date form names its month; Date.parse alone would read '-3' as the year 3 BC.
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
