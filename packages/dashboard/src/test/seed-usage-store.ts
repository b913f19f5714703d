import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { type ModelCallRecord, sqliteUsageStore, type ToolCallRecord } from '@toolloop/logging';

/** Options of seedUsageStore. */
export interface SeedUsageStoreOptions {
  /** The SQLite file to fill (created, or appended to). */
  path: string;
  /** How many model calls to write (tool calls come on top, about one per run). Default 10,000. */
  calls?: number;
  /** Start of the time span the calls are spread over. Default: two days before `until`. */
  since?: Date;
  /** End (exclusive) of the time span. Default: now. */
  until?: Date;
  /** Seed of the pseudo-random choices, so two stores with the same options are identical. Default 1. */
  seed?: number;
  /** How many distinct calls to write through the real store before copying them in SQL. Default 1,000. */
  templateCalls?: number;
}

/** What seedUsageStore wrote. */
export interface SeedUsageStoreResult {
  modelCalls: number;
  toolCalls: number;
}

/** A prompt and an error message that must show as text, never run, on the page. */
export const xssProbe = {
  prompt: '<script>window.__xss = "prompt"</script><b>bold?</b>',
  errorMessage: '<img src=x onerror="window.__xss = \'error\'"> upstream said <i>no</i>',
  runId: 'run_<svg onload="window.__xss = 1">',
} as const;

/** Models of the seed with USD per 1M tokens; `my-llama` has no price (its cost is unknown, not 0). */
const models: {
  id: string;
  weight: number;
  price?: { input: number; cachedInput: number; output: number };
}[] = [
  { id: 'gpt-4o-mini', weight: 50, price: { input: 0.15, cachedInput: 0.075, output: 0.6 } },
  { id: 'gpt-4o', weight: 25, price: { input: 2.5, cachedInput: 1.25, output: 10 } },
  { id: 'gpt-4.1-nano', weight: 15, price: { input: 0.1, cachedInput: 0.025, output: 0.4 } },
  { id: 'my-llama', weight: 10 },
];
const tools = ['get_weather', 'search_docs', 'convert_currency'];

/** mulberry32: a small deterministic generator, so seeded stores are reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The template: runs of one to three steps with tool calls between them, over [start, start + spanMs). */
function templateRecords(count: number, start: number, spanMs: number, seed: number) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const weighted = () => {
    let roll = next() * 100;
    for (const model of models) {
      roll -= model.weight;
      if (roll < 0) return model;
    }
    return models[0]!;
  };
  const records: (ModelCallRecord | ToolCallRecord)[] = [];
  let calls = 0;
  let run = 0;
  while (calls < count) {
    run++;
    const model = weighted();
    const runId = run === 1 ? xssProbe.runId : `run_${seed}_${run}`;
    const steps = 1 + Math.floor(next() * 3);
    let at = start + Math.floor((calls / count) * spanMs);
    for (let step = 1; step <= steps && calls < count; step++, calls++) {
      const roll = next();
      // The first call is an error: it carries the XSS probe's error message.
      const status = calls === 0 || roll < 0.05 ? 'error' : roll < 0.06 ? 'aborted' : 'ok';
      const cacheHit = status === 'ok' && next() < 0.15;
      const streaming = next() < 0.4;
      const latencyMs = Math.round(cacheHit ? 1 + next() * 5 : 150 + next() ** 2 * 4000);
      const inputTokens = 200 + Math.floor(next() * 3000);
      const cachedInputTokens = next() < 0.3 ? Math.floor(inputTokens / 2) : 0;
      const outputTokens = 5 + Math.floor(next() * 600);
      const usage = status === 'ok';
      const price = model.price;
      const costUSD = !usage
        ? null
        : cacheHit
          ? 0
          : price
            ? ((inputTokens - cachedInputTokens) * price.input +
                cachedInputTokens * price.cachedInput +
                outputTokens * price.output) /
              1e6
            : null;
      const toolStep = step < steps;
      const httpStatus = status === 'error' ? pick([429, 500, 503]) : null;
      const record: ModelCallRecord = {
        type: 'model-call',
        timestamp: new Date(at).toISOString(),
        runId,
        step,
        provider: 'openai',
        model: model.id,
        responseModel: usage ? `${model.id}-2026-01-01` : null,
        responseId: usage ? `chatcmpl-${seed}-${calls}` : null,
        streaming,
        latencyMs,
        timeToFirstTokenMs: streaming && usage ? Math.round(latencyMs * (0.1 + next() * 0.3)) : null,
        status,
        finishReason: usage ? (toolStep ? 'tool-calls' : 'stop') : null,
        inputTokens: usage ? inputTokens : null,
        cachedInputTokens: usage ? cachedInputTokens : null,
        outputTokens: usage ? outputTokens : null,
        totalTokens: usage ? inputTokens + outputTokens : null,
        reasoningTokens: null,
        costUSD,
        cacheHit,
        retries: status === 'error' ? 3 : next() < 0.05 ? 1 : 0,
        errorCode:
          status === 'error' ? pick(['api-call', 'timeout']) : status === 'aborted' ? 'aborted' : null,
        errorMessage:
          status === 'error'
            ? calls === 0
              ? xssProbe.errorMessage
              : `API call failed with status ${httpStatus}: ${pick(['Rate limit reached', 'The server had an error', 'Service unavailable'])}`
            : status === 'aborted'
              ? 'The call was aborted by the caller.'
              : null,
        httpStatus,
      };
      if (calls % 10 === 0) {
        record.messages = [
          { role: 'system', content: '간결하게 답변해주세요.' },
          {
            role: 'user',
            content: calls === 0 ? xssProbe.prompt : `${pick(['서울', '부산', '도쿄'])} 날씨 어때?`,
          },
        ];
        if (record.status === 'ok') record.output = { text: '맑고 21°C입니다.', toolCalls: [] };
      }
      records.push(record);
      at += latencyMs;
      if (toolStep && status === 'ok') {
        const name = pick(tools);
        const failed = next() < 0.08;
        const durationMs = Math.round(5 + next() ** 3 * 1500);
        records.push({
          type: 'tool-call',
          timestamp: new Date(at).toISOString(),
          runId,
          step,
          toolCallId: `call_${seed}_${calls}`,
          toolName: name,
          durationMs,
          status: failed ? 'error' : 'ok',
          isError: failed,
          errorCode: failed ? 'tool-execution' : null,
          errorMessage: failed ? `${name} failed: upstream timed out` : null,
        });
        at += durationMs;
      }
    }
  }
  return records;
}

/**
 * Fills a usage store with realistic calls for tests, demos and benchmarks: several models (one
 * without a price), errors, aborted calls, cache hits, streams, multi-step runs with tool calls,
 * prompts on every tenth call and an XSS probe. The first `templateCalls` go through
 * `sqliteUsageStore` (the real writer); the rest are copies of them in SQL, shifted in time, so a
 * million calls take seconds.
 * @example await seedUsageStore({ path: 'usage.db', calls: 10_000 });
 */
export async function seedUsageStore(options: SeedUsageStoreOptions): Promise<SeedUsageStoreResult> {
  const { path, calls = 10_000, seed = 1, templateCalls = 1_000 } = options;
  const until = options.until ?? new Date();
  const since = options.since ?? new Date(until.getTime() - 2 * 86_400_000);
  const span = until.getTime() - since.getTime();
  const template = Math.min(calls, templateCalls);
  const copies = Math.ceil(calls / template);
  const copySpanMs = Math.floor(span / copies);

  const store = sqliteUsageStore({ path });
  // Writing the first record creates or migrates the store; the copies need a handle of their own.
  await store.write(templateRecords(1, since.getTime(), 1, seed)[0]!);
  const db = createClient({ url: pathToFileURL(resolve(path)).href });
  try {
    const existing = await maxIds(db);
    // The template starts with the call just written.
    const before = { ...existing, model_calls: existing.model_calls - 1 };
    // Leave room at the end of the template's window: a run's later steps come after its first.
    for (const record of templateRecords(template, since.getTime(), copySpanMs * 0.9, seed).slice(1))
      await store.write(record);
    await store.close();
    const after = await maxIds(db);
    for (const table of ['model_calls', 'tool_calls'] as const) {
      const columns = (await db.execute(`SELECT name FROM pragma_table_info('${table}')`)).rows
        .map((row) => String(row.name))
        .filter((name) => name !== 'id');
      const copied = columns.map((name) =>
        name === 'timestamp'
          ? "strftime('%Y-%m-%dT%H:%M:%fZ', timestamp, '+' || (? * 0.001) || ' seconds')"
          : name === 'run_id'
            ? "run_id || '~' || ?"
            : name,
      );
      const statements = [];
      for (let copy = 1; copy < copies; copy++) {
        const last = copy === copies - 1;
        const limit = table === 'model_calls' && last ? calls - template * copy : -1;
        statements.push({
          sql: `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${copied.join(', ')} FROM ${table}
            WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`,
          args: [copy * copySpanMs, String(copy), before[table], after[table], limit],
        });
      }
      if (statements.length) await db.batch(statements, 'write');
    }
    const written = await maxIds(db);
    return {
      modelCalls: written.model_calls - before.model_calls,
      toolCalls: written.tool_calls - before.tool_calls,
    };
  } finally {
    db.close();
  }
}

async function maxIds(db: Client) {
  const row = (
    await db.execute(
      'SELECT (SELECT COALESCE(MAX(id), 0) FROM model_calls) AS m, (SELECT COALESCE(MAX(id), 0) FROM tool_calls) AS t',
    )
  ).rows[0]!;
  return { model_calls: Number(row.m), tool_calls: Number(row.t) };
}
