// Error bodies are read with a cap, and a failing server does not stall the pool.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APICallError, type StreamPart } from '@toolloop/core';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { openai } from '../provider/openai.js';

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
