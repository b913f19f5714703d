import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbortError, APICallError, type Message, type StreamPart } from '@toolloop/core';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { openai } from './provider/openai.js';
import { resolveConfig } from './provider/resolve-config.js';
import { buildRequestBody } from './request/build-request-body.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

interface Seen {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A node:http server on 127.0.0.1 whose handler runs after the request body was read. */
async function serve(handler: (req: Seen, res: ServerResponse) => void): Promise<{
  origin: string;
  seen: Seen[];
  close(): Promise<void>;
}> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = {
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle = {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const json = (body: unknown) => (_req: Seen, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const completion = (message: Record<string, unknown>, finish: string | null = 'stop') => ({
  id: 'chatcmpl-r',
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

async function drain(stream: AsyncIterable<StreamPart>): Promise<unknown> {
  try {
    for await (const _ of stream) {
      // drained
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('baseURL handling', () => {
  it('keeps an Azure-style query string (?api-version=) after /chat/completions', async () => {
    const server = await serve(json(completion({ content: 'ok' })));
    const model = openai('gpt-4o', {
      baseURL: `${server.origin}/openai/deployments/gpt-4o/?api-version=2024-10-21`,
      headers: { 'api-key': 'azure-key-123456' },
    });
    const response = await model.generate(ask);
    expect(response.text).toBe('ok');
    expect(server.seen[0]?.url).toBe('/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21');
    expect(server.seen[0]?.headers['api-key']).toBe('azure-key-123456');
  });

  it('sends user:pass from the baseURL as basic auth and never shows the password', async () => {
    const server = await serve(json(completion({ content: 'ok' })));
    const withCreds = server.origin.replace('http://', 'http://alice:s3cr3t-pass@');
    const model = openai('llama3', { baseURL: `${withCreds}/v1` });
    expect(model.baseURL).not.toContain('s3cr3t-pass');
    await model.generate(ask);
    expect(server.seen[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('alice:s3cr3t-pass').toString('base64')}`,
    );

    // A connection error: nothing the user may log carries the password.
    const dead = openai('llama3', { baseURL: 'http://alice:s3cr3t-pass@127.0.0.1:1/v1' });
    const error = await failure(dead.generate(ask));
    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError.status).toBeUndefined();
    expect(
      `${apiError.message} ${apiError.url} ${JSON.stringify(apiError)} ${String(apiError.cause)}`,
    ).not.toContain('s3cr3t-pass');
  });
});

describe('credentials supplied as headers are redacted too', () => {
  it("an Azure 401 that echoes the `api-key` header's value", async () => {
    const key = 'azkey0123456789abcdef';
    const server = await serve((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: '401', message: `Access denied: key ${key} is invalid.` } }));
    });
    const model = openai('gpt-4o', { baseURL: `${server.origin}/openai`, headers: { 'api-key': key } });
    const error = (await failure(model.generate(ask))) as APICallError;
    expect(error.status).toBe(401);
    expect(JSON.stringify(error) + error.message).not.toContain(key);
  });

  it('an authorization header given in headers (no apiKey)', async () => {
    const token = 'tok_0123456789abcdef';
    const server = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end(`token ${token} has no access`);
    });
    const model = openai('m', {
      baseURL: `${server.origin}/v1`,
      headers: { Authorization: `Token ${token}` },
    });
    const error = (await failure(model.generate(ask))) as APICallError;
    expect(error.status).toBe(403);
    expect(JSON.stringify(error) + error.message).not.toContain(token);
  });
});

describe('error bodies are read with a cap', () => {
  // A broken proxy answers 502 and then never ends the body: reading it all would hang (and grow).
  const endless = (_req: Seen, res: ServerResponse): void => {
    res.writeHead(502, { 'content-type': 'text/html' });
    const chunk = `<html>${'x'.repeat(16 * 1024)}</html>`;
    const timer = setInterval(() => {
      if (!res.write(chunk)) return;
    }, 1);
    res.on('close', () => clearInterval(timer));
  };

  it('generate: an endless 502 body still gives a retryable APICallError with an excerpt', async () => {
    const server = await serve(endless);
    const model = openai('m', { baseURL: `${server.origin}/v1` });
    const error = (await failure(model.generate(ask))) as APICallError;
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.status).toBe(502);
    expect(error.isRetryable).toBe(true);
    expect(error.responseBody?.startsWith('<html>xxx')).toBe(true);
  }, 10_000);

  it('stream: an endless 502 body still gives APICallError', async () => {
    const server = await serve(endless);
    const model = openai('m', { baseURL: `${server.origin}/v1` });
    const error = (await drain(model.stream(ask))) as APICallError;
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.status).toBe(502);
  }, 10_000);

  it('200 sequential 500s through one connection do not stall the pool', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"boom","type":"server_error"}}');
    });
    const dispatcher = new Agent({ connections: 1 });
    try {
      const model = openai('m', { baseURL: `${server.origin}/v1`, dispatcher });
      for (let i = 0; i < 200; i++) {
        const error = (await failure(
          i % 2 === 0
            ? model.generate(ask)
            : drain(model.stream(ask)).then((e) => {
                throw e;
              }),
        )) as APICallError;
        expect(error.status).toBe(500);
      }
      expect(server.seen).toHaveLength(200);
    } finally {
      await dispatcher.close();
    }
  }, 20_000);
});

describe('generate: shapes some servers send', () => {
  it('message.content as an array of parts → the joined text', async () => {
    const server = await serve(
      json(
        completion({
          content: [
            { type: 'text', text: 'Hello, ' },
            { type: 'text', text: 'world' },
          ],
        }),
      ),
    );
    const response = await openai('m', { baseURL: `${server.origin}/v1` }).generate(ask);
    expect(response.text).toBe('Hello, world');
  });

  it('tool_calls[].function.arguments as an object → a JSON string', async () => {
    const server = await serve(
      json(
        completion(
          {
            content: '',
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'get_weather', arguments: { city: '서울' } },
              },
            ],
          },
          'tool_calls',
        ),
      ),
    );
    const response = await openai('m', { baseURL: `${server.origin}/v1` }).generate(ask);
    expect(response.toolCalls).toEqual([
      { toolCallId: 'call_1', toolName: 'get_weather', arguments: '{"city":"서울"}' },
    ]);
    expect(JSON.parse(response.toolCalls[0]!.arguments)).toEqual({ city: '서울' });
  });

  it('a 200 whose JSON body is not an object → APICallError, not a TypeError', async () => {
    const server = await serve(json(null));
    const error = await failure(openai('m', { baseURL: `${server.origin}/v1` }).generate(ask));
    expect(APICallError.isInstance(error)).toBe(true);
  });

  it('abort after the headers, before the body → AbortError', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"chatcmpl-slow",');
    });
    const controller = new AbortController();
    const pending = failure(
      openai('m', { baseURL: `${server.origin}/v1` }).generate(ask, { signal: controller.signal }),
    );
    while (server.seen.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    expect(await pending).toBeInstanceOf(AbortError);
  });
});

describe('request mapping', () => {
  it('legacy functions: an assistant turn with two calls becomes two call/result pairs', () => {
    const messages: Message[] = [
      { role: 'user', content: '서울과 부산 날씨?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { toolCallId: 'c1', toolName: 'get_weather', arguments: '{"city":"서울"}' },
          { toolCallId: 'c2', toolName: 'get_weather', arguments: '{"city":"부산"}' },
        ],
      },
      { role: 'tool', toolCallId: 'c1', toolName: 'get_weather', content: '{"t":21}' },
      { role: 'tool', toolCallId: 'c2', toolName: 'get_weather', content: '{"t":24}' },
    ];
    const body = buildRequestBody({
      modelId: 'gpt-3.5-turbo-0613',
      request: { messages },
      stream: false,
      legacyFunctions: true,
    });
    expect(body.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        function_call: { name: 'get_weather', arguments: '{"city":"서울"}' },
      },
      { role: 'function', name: 'get_weather', content: '{"t":21}' },
      {
        role: 'assistant',
        content: null,
        function_call: { name: 'get_weather', arguments: '{"city":"부산"}' },
      },
      { role: 'function', name: 'get_weather', content: '{"t":24}' },
    ]);
  });

  it('OpenAI reasoning models get max_completion_tokens by default; others and explicit compat keep theirs', () => {
    const field = (modelId: string, baseURL: string, compat?: { maxTokensField: 'max_tokens' }) =>
      resolveConfig(modelId, { baseURL, apiKey: 'sk-x', ...(compat ? { compat } : {}) }).maxTokensField;
    expect(field('o3-mini', 'https://api.openai.com/v1')).toBe('max_completion_tokens');
    expect(field('o1', 'https://api.openai.com/v1')).toBe('max_completion_tokens');
    expect(field('gpt-5-mini', 'https://api.openai.com/v1')).toBe('max_completion_tokens');
    expect(field('gpt-4o-mini', 'https://api.openai.com/v1')).toBe('max_tokens');
    expect(field('o3-mini', 'http://localhost:11434/v1')).toBe('max_tokens');
    expect(field('o3-mini', 'https://api.openai.com/v1', { maxTokensField: 'max_tokens' })).toBe(
      'max_tokens',
    );
  });
});

describe('stream: a 200 that is not an event stream', () => {
  it('a JSON error object with status 200 → APICallError, not a "connection cut" StreamInterruptedError', async () => {
    const server = await serve(
      json({ error: { message: 'model "llama3" not found, try pulling it first', type: 'api_error' } }),
    );
    const error = (await drain(
      openai('llama3', { baseURL: `${server.origin}/v1` }).stream(ask),
    )) as APICallError;
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.message).toContain('not found, try pulling it first');
  });

  it('a server that ignores stream:true and answers one JSON completion → the same answer as parts', async () => {
    const server = await serve(
      json({
        ...completion({ content: 'whole answer' }),
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      }),
    );
    const parts: StreamPart[] = [];
    for await (const part of openai('m', { baseURL: `${server.origin}/v1` }).stream(ask)) parts.push(part);
    expect(
      parts.filter((p) => p.type === 'text-delta').map((p) => (p.type === 'text-delta' ? p.delta : '')),
    ).toEqual(['whole answer']);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop', usage: { totalTokens: 5 } });
  });

  it('delta.content as an array of text parts is streamed as text', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: unknown, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: 'c', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.end(
        `${chunk({ role: 'assistant', content: [{ type: 'text', text: 'Hel' }] })}${chunk({ content: [{ type: 'text', text: 'lo' }] })}${chunk({}, 'stop')}data: [DONE]\n\n`,
      );
    });
    let text = '';
    for await (const part of openai('m', { baseURL: `${server.origin}/v1` }).stream(ask)) {
      if (part.type === 'text-delta') text += part.delta;
    }
    expect(text).toBe('Hello');
  });

  it('stream: real SSE mislabelled as application/json still streams', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        `\ndata: ${JSON.stringify({ id: 'c', model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
      );
    });
    let text = '';
    for await (const part of openai('m', { baseURL: `${server.origin}/v1` }).stream(ask)) {
      if (part.type === 'text-delta') text += part.delta;
    }
    expect(text).toBe('Hi');
  });
});

it('a redirect is reported with where it points, so the baseURL can be fixed', async () => {
  const server = await serve((_req, res) => {
    res.writeHead(301, { location: 'https://llm.example.com/v1/chat/completions' });
    res.end();
  });
  const error = (await failure(
    openai('m', { baseURL: `${server.origin}/v1` }).generate(ask),
  )) as APICallError;
  expect(error.status).toBe(301);
  expect(error.isRetryable).toBe(false);
  expect(error.message).toContain('https://llm.example.com/v1/chat/completions');
  expect(error.message).toContain('baseURL');
});
