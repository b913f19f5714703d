// Error bodies are read with a cap, and a failing server does not stall the pool.
import type { ServerResponse } from 'node:http';
import { APICallError } from '@toolloop/core';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { openai } from '../provider/openai.js';
import { ask, closeServers, drain, failure, type Seen, serve } from '../test-utils.js';

afterEach(closeServers);

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
