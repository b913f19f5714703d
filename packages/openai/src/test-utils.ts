import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StreamPart } from '@toolloop/core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const fixturesDir = new URL('./__fixtures__/', import.meta.url);

/** Reads a capture from `src/__fixtures__/`. */
export function readFixture(name: string): string {
  return readFileSync(new URL(name, fixturesDir), 'utf8');
}

let validator: ValidateFunction | undefined;

/**
 * OpenAPI's `nullable: true` → JSON Schema's null type. ajv knows `nullable` only next to `type`;
 * the spec also puts it on `$ref`/`anyOf` schemas, where null becomes an `anyOf` branch.
 */
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = nullableToJsonSchema(value);
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    return out;
  }
  if (Array.isArray(out.type)) {
    if (!out.type.includes('null')) out.type = [...out.type, 'null'];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/**
 * A validator for `CreateChatCompletionRequest` from the OpenAPI extract (3.1 = JSON Schema 2020-12).
 * `strict: false` because the spec carries OpenAPI keywords (`nullable`, `x-…`) ajv does not know.
 */
export function requestBodyValidator(): ValidateFunction {
  if (validator) return validator;
  const spec = JSON.parse(readFixture('openai-chat-completions.schemas.json')) as {
    components: Record<string, unknown>;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'openai', components: nullableToJsonSchema(spec.components) });
  validator = ajv.compile({ $ref: 'openai#/components/schemas/CreateChatCompletionRequest' });
  return validator;
}

/** What one replayed request looked like. */
export interface ReplayedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A canned answer: status, headers and the body bytes exactly as captured. */
export interface ReplayAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** A node:http server on 127.0.0.1 that answers every request with the next canned answer. */
export interface ReplayServer {
  url: string;
  requests: ReplayedRequest[];
  answer(next: ReplayAnswer): void;
  close(): Promise<void>;
}

export async function startReplayServer(): Promise<ReplayServer> {
  const answers: ReplayAnswer[] = [];
  const requests: ReplayedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const next = answers.shift() ?? { status: 500, body: '{"error":{"message":"no answer queued"}}' };
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    answer: (next) => answers.push(next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A one-message request for provider tests. */
export const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

/** A request a test server received. */
export interface Seen {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A node:http server on 127.0.0.1 whose handler runs after the request body was read. Closed by
 * `closeServers()` (call it in `afterEach`).
 */
export async function serve(handler: (req: Seen, res: ServerResponse) => void): Promise<{
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

/** Closes every server `serve()` started. */
export async function closeServers(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()));
}

/** A handler answering 200 with this JSON body. */
export const json = (body: unknown) => (_req: Seen, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** A chat completion with one choice holding `message`. */
export const completion = (message: Record<string, unknown>, finish: string | null = 'stop') => ({
  id: 'chatcmpl-r',
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
});

/** The promise's rejection, or undefined when it fulfilled. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** Reads a stream to its end; its error, or undefined. */
export async function drain(stream: AsyncIterable<StreamPart>): Promise<unknown> {
  try {
    for await (const _ of stream) {
      // drained
    }
    return undefined;
  } catch (error) {
    return error;
  }
}
