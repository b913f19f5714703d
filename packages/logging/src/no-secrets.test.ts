import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { Span, SpanOptions, SpanStatus, TimeInput, Tracer } from '@opentelemetry/api';
import type { Tool } from '@toolloop/core';
import { createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { redactedCredential, type Simulator, startSimulator } from '@toolloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logging } from './middleware/logging.js';
import { consoleSink } from './sinks/console-sink.js';
import { jsonlSink } from './sinks/jsonl-sink.js';
import { otelSink } from './sinks/otel-sink.js';
import { sqliteUsageStore } from './sinks/sqlite-usage-store.js';

const canary = 'sk-canary-0123456789abcdef';

/** Every span attribute and status message the sink produced, as text. */
function recordingTracer(spans: string[]): Tracer {
  return {
    startSpan(name: string, options: SpanOptions = {}) {
      let status: SpanStatus | undefined;
      const span = {
        setStatus(next: SpanStatus) {
          status = next;
          return span;
        },
        end: (endTime?: TimeInput) =>
          void spans.push(JSON.stringify({ name, attributes: options.attributes, status, endTime })),
      };
      return span as unknown as Span;
    },
  } as Tracer;
}

const echo: Tool<{ city: string }> = {
  name: 'get_weather',
  description: '특정 도시의 날씨 정보를 가져옵니다',
  jsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  parseInput: (input) => ({ success: true, data: input as { city: string } }),
  // A tool that echoes its input: the worst case for a key the model copied into arguments.
  execute: ({ city }) => ({ city, note: `looked up with ${city}` }),
};

describe('a canary API key never reaches a sink or an error, even with logPrompts: true', () => {
  let dir: string;
  let wrongKeyServer: Simulator;
  let server: Simulator;
  const consoleText: string[] = [];
  const spans: string[] = [];
  const errors: unknown[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolloop-canary-'));
    wrongKeyServer = await startSimulator({ apiKey: 'other' });
    server = await startSimulator({ apiKey: canary });
    const log = logging({
      logPrompts: true,
      sink: [
        consoleSink({ stream: { write: (text: string) => consoleText.push(text) } }),
        jsonlSink({ path: join(dir, 'logs', 'calls.jsonl') }),
        sqliteUsageStore({ path: join(dir, 'usage.db') }),
        otelSink({ tracer: recordingTracer(spans) }),
      ],
    });
    const agentOn = (url: string) =>
      createAgent({
        model: openai('gpt-4o-mini', { baseURL: url, apiKey: canary }),
        tools: [echo],
        middleware: [log],
        maxSteps: 3,
      });
    const prompt = `내 키는 ${canary} 입니다. 서울 날씨 어때?`;
    const attempt = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        errors.push(error);
      }
    };
    const drain = async (events: AsyncIterable<unknown>) => {
      for await (const _ of events);
    };

    // 401: the server does not know the key (generate and stream).
    await attempt(() => agentOn(wrongKeyServer.url).run(prompt));
    await attempt(() => drain(agentOn(wrongKeyServer.url).stream(prompt)));
    // 500, plain and with a body that echoes the key back.
    server.script({ error: { status: 500 } });
    await attempt(() => agentOn(server.url).run(prompt));
    server.script({
      error: {
        status: 500,
        body: { error: { message: `upstream rejected ${canary}`, type: 'server_error' } },
      },
    });
    await attempt(() => drain(agentOn(server.url).stream(prompt)));
    // A successful run where the model copies the key into tool arguments and its answer.
    server.script(
      { toolCalls: [{ name: 'get_weather', arguments: { city: canary } }] },
      { text: `키 ${canary} 확인` },
    );
    await attempt(() => agentOn(server.url).run(prompt));
    await log.close();
  });

  afterAll(async () => {
    await wrongKeyServer?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the key went over the wire, and every call was logged', () => {
    const authorizations = [...wrongKeyServer.requests, ...server.requests].map(
      (r) => r.headers.authorization,
    );
    expect(authorizations.length).toBeGreaterThanOrEqual(5);
    expect(authorizations.every((header) => header === redactedCredential(`Bearer ${canary}`))).toBe(true);
    expect(errors).toHaveLength(4);
    expect(
      consoleText
        .filter((line) => line.includes(' model '))
        .map((line) => / (ok|error (\d+))/.exec(line)?.[1]),
    ).toEqual(['error 401', 'error 401', 'error 500', 'error 500', 'ok', 'ok']);
  });

  it('is in no console line', () => {
    expect(consoleText.join('')).not.toContain(canary);
  });

  it('is in no byte of the JSON lines file, which holds the prompts', async () => {
    const bytes = await readFile(join(dir, 'logs', 'calls.jsonl'), 'utf8');
    expect(bytes).toContain('서울 날씨 어때?');
    expect(bytes).toContain('[REDACTED]');
    expect(bytes).not.toContain(canary);
    expect(bytes.split('\n').filter(Boolean)).toHaveLength(7); // 6 model calls + 1 tool call
  });

  it('is in no SQLite row', async () => {
    const db = createClient({ url: `file:${join(dir, 'usage.db')}` });
    const rows = [
      ...(await db.execute('SELECT * FROM model_calls')).rows,
      ...(await db.execute('SELECT * FROM tool_calls')).rows,
    ];
    db.close();
    expect(rows).toHaveLength(7);
    expect(JSON.stringify(rows)).not.toContain(canary);
  });

  it('is in no OpenTelemetry span attribute or status', () => {
    expect(spans).toHaveLength(7);
    expect(spans.join('\n')).not.toContain(canary);
  });

  it("is in no thrown error's message, stack or JSON, nor in its causes", () => {
    for (let error of errors) {
      while (error) {
        const e = error as Error;
        expect(e.message).not.toContain(canary);
        expect(String(e.stack)).not.toContain(canary);
        expect(JSON.stringify(e)).not.toContain(canary);
        error = (e as { cause?: unknown }).cause;
      }
    }
  });
});
