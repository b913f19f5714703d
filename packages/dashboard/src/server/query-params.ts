/** A query parameter that cannot be used: the server answers 400 with this message. */
export class BadQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadQueryError';
  }
}

/** The time window and model filter every view shares. */
export interface ViewFilter {
  /** Inclusive ISO start. */
  from: string;
  /** Exclusive ISO end. */
  to: string;
  /** Only this model's calls, or all. */
  model?: string;
  /** Bucket width of time series: substr length of the ISO timestamp (16 minute, 13 hour, 10 day). */
  bucket: 16 | 13 | 10;
}

/** Request-log filters on top of the view filter. */
export interface CallFilter extends ViewFilter {
  page: number;
  pageSize: number;
  status?: 'ok' | 'error' | 'aborted';
  errorCode?: string;
  runId?: string;
  /** Only the calls of this batch (`RunOptions.batchItem.batchId`). */
  batchId?: string;
  streaming?: boolean;
  cacheHit?: boolean;
  /** Free text searched in error messages. */
  q?: string;
}

const ranges: Record<string, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};
const maxSpanMs = 400 * 86_400_000;

function time(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Date.parse(raw);
  if (Number.isNaN(value))
    throw new BadQueryError(`${name}=${raw} is not a date; use ISO 8601, e.g. 2026-01-31T09:00:00Z.`);
  return value;
}

/**
 * Reads `range` (1h, 24h, 7d, 30d; default 24h) or `from`/`to` (ISO 8601) and `model`.
 * `models` are the store's models: an unknown one is a 400, not an empty page.
 */
export function parseViewFilter(params: URLSearchParams, models: readonly string[], now: number): ViewFilter {
  const range = params.get('range') ?? '';
  let from = time(params, 'from');
  let to = time(params, 'to');
  if (range !== '' && range !== 'custom') {
    const span = ranges[range];
    if (span === undefined) throw new BadQueryError(`range=${range} is not one of 1h, 24h, 7d, 30d, custom.`);
    to = now;
    from = now - span;
  }
  to ??= now;
  from ??= to - ranges['24h']!;
  if (from >= to) throw new BadQueryError('from must be before to.');
  if (to - from > maxSpanMs)
    throw new BadQueryError('The time range is longer than 400 days; pick a shorter one.');
  const model = params.get('model') || undefined;
  if (model !== undefined && !models.includes(model))
    throw new BadQueryError(`model=${model} has no calls in this store; pick one of the listed models.`);
  const span = to - from;
  const bucket = span <= 6 * 3_600_000 ? 16 : span <= 7 * 86_400_000 ? 13 : 10;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), model, bucket };
}

function integer(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new BadQueryError(`${name}=${raw} must be a whole number from ${min} to ${max}.`);
  return value;
}

function flag(params: URLSearchParams, name: string): boolean | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new BadQueryError(`${name}=${raw} must be true or false.`);
}

/** The request log's filters and page (`page` from 1, `pageSize` 1–200, default 50). */
export function parseCallFilter(params: URLSearchParams, models: readonly string[], now: number): CallFilter {
  const status = params.get('status') || undefined;
  if (status !== undefined && status !== 'ok' && status !== 'error' && status !== 'aborted')
    throw new BadQueryError(`status=${status} must be ok, error or aborted.`);
  const text = (name: string, max: number) => {
    const value = params.get(name) || undefined;
    if (value !== undefined && value.length > max)
      throw new BadQueryError(`${name} is longer than ${max} characters.`);
    return value;
  };
  return {
    ...parseViewFilter(params, models, now),
    page: integer(params, 'page', 1, 1, 1_000_000),
    pageSize: integer(params, 'pageSize', 50, 1, 200),
    status,
    errorCode: text('errorCode', 100),
    runId: text('runId', 500),
    batchId: text('batchId', 500),
    streaming: flag(params, 'streaming'),
    cacheHit: flag(params, 'cacheHit'),
    q: text('q', 200),
  };
}
