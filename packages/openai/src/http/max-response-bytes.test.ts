import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APICallError } from '@toolloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openai } from '../provider/openai.js';

const MiB = 1024 * 1024;
let server: Server;
let baseURL = '';
let send: (res: ServerResponse) => void = () => {};
let written = 0;
let closedEarly: Promise<boolean> = Promise.resolve(false);

/** Writes `total` bytes of a never-ending JSON string as fast as the client reads, counting them. */
function flood(total: number, declare: boolean): (res: ServerResponse) => void {
  return (res) => {
    written = 0;
    closedEarly = new Promise((resolve) => {
      res.on('close', () => resolve(written < total));
    });
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(declare ? { 'content-length': String(total) } : {}),
    });
    const piece = Buffer.alloc(64 * 1024, 0x61);
    res.write('{"x":"');
    const pump = () => {
      while (written < total && !res.destroyed) {
        written += piece.byteLength;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => send(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

async function failure(promise: Promise<unknown>): Promise<APICallError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(APICallError.isInstance(error)).toBe(true);
  return error as APICallError;
}

describe('every body read has a cap (maxResponseBytes)', () => {
  it('refuses a content-length over the cap before reading the body', async () => {
    send = flood(200 * MiB, true);
    const error = await failure(openai('m', { baseURL, apiKey: 'k', maxResponseBytes: MiB }).generate(ask));
    expect(error.message).toMatch(/declares 209715200 bytes .*maxResponseBytes \(1048576 bytes\)/);
    expect(error.message).toContain('maxResponseBytes: 2097152');
    expect(error.isRetryable).toBe(false);
    expect(await closedEarly).toBe(true);
    expect(written).toBeLessThan(32 * MiB);
  });

  it('stops reading a chunked body (no content-length) as soon as it passes the cap', async () => {
    send = flood(200 * MiB, false);
    const error = await failure(openai('m', { baseURL, apiKey: 'k', maxResponseBytes: MiB }).generate(ask));
    expect(error.message).toMatch(/grew past maxResponseBytes \(1048576 bytes\)/);
    expect(await closedEarly).toBe(true);
    expect(written).toBeLessThan(32 * MiB);
  });

  it('caps the JSON body that answers a stream request by the same option', async () => {
    send = flood(200 * MiB, false);
    const model = openai('m', { baseURL, apiKey: 'k', maxResponseBytes: MiB });
    const error = await (async () => {
      try {
        for await (const _ of model.stream(ask));
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/maxResponseBytes/);
    expect(await closedEarly).toBe(true);
  });

  it('reads a body under the cap as usual', async () => {
    send = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { content: '안녕' }, finish_reason: 'stop' }] }));
    };
    const response = await openai('m', { baseURL, apiKey: 'k', maxResponseBytes: 1024 }).generate(ask);
    expect(response.text).toBe('안녕');
  });

  it('rejects a cap that is not a positive number', () => {
    expect(() => openai('m', { baseURL, apiKey: 'k', maxResponseBytes: 0 })).toThrow(
      /maxResponseBytes must be a positive number \(bytes\)/,
    );
  });
});
