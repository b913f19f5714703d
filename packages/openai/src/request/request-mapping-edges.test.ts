// Request mapping: legacy functions, max_completion_tokens for reasoning models.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APICallError, Message } from '@toolloop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { openai } from '../provider/openai.js';
import { resolveConfig } from '../provider/resolve-config.js';
import { buildRequestBody } from './build-request-body.js';

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

const _json = (body: unknown) => (_req: Seen, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

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
