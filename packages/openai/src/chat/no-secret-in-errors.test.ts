import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { ModelRequest, StreamPart } from '@toolloop/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openai } from '../provider/openai.js';
import type { OpenAIOptions } from '../provider/openai-options.js';

// Not `sk-…` and no `Bearer` prefix when echoed: only the provider's own secret list can catch it.
const CANARY = 'gw-canary-7f3a9c1e5b2d';
const ask: ModelRequest = { messages: [{ role: 'user', content: '안녕' }] };

type Echo = (res: ServerResponse) => void;
let echo: Echo = () => {};
let server: Server;
let origin = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => echo(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => vi.unstubAllEnvs());

const echoedHeaders = {
  'www-authenticate': `Bearer realm="api", error="invalid_token", key="${CANARY}"`,
  location: `http://${origin}/v1?key=${CANARY}`,
  'x-debug-key': CANARY,
  'x-request-id': 'req_1',
};
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Echo =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...echoedHeaders, ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
const sse =
  (events: string[]): Echo =>
  (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', ...echoedHeaders });
    res.end(events.join(''));
  };
const chunk = (delta: Record<string, unknown>) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta }] })}\n\n`;

/** Every way a user can give toolloop the key. */
const ways: Array<[string, () => OpenAIOptions]> = [
  ['apiKey', () => ({ baseURL: `http://${origin}/v1`, apiKey: CANARY })],
  [
    'headers.authorization',
    () => ({ baseURL: `http://${origin}/v1`, headers: { authorization: `Bearer ${CANARY}` } }),
  ],
  ['Azure api-key header', () => ({ baseURL: `http://${origin}/v1`, headers: { 'api-key': CANARY } })],
  ['baseURL user name', () => ({ baseURL: `http://${CANARY}@${origin}/v1` })],
  ['baseURL password', () => ({ baseURL: `http://user:${CANARY}@${origin}/v1` })],
  [
    'OPENAI_API_KEY',
    () => {
      vi.stubEnv('OPENAI_API_KEY', CANARY);
      return { baseURL: `http://${origin}/v1` };
    },
  ],
];

/** Every place a hostile server can put it. */
const hostile: Array<[string, 'generate' | 'stream', () => Echo]> = [
  [
    'a 401 JSON error',
    'generate',
    () => json(401, { error: { message: `Incorrect API key provided: ${CANARY}` } }),
  ],
  ['a 500 non-JSON body', 'generate', () => json(500, `<html>upstream said ${CANARY}</html>`)],
  ['a 200 body that is not JSON', 'generate', () => json(200, `oops ${CANARY}`)],
  ['a 200 error object', 'generate', () => json(200, { error: { message: `key ${CANARY} revoked` } })],
  [
    'a malformed completion',
    'generate',
    () => json(200, { choices: [{ message: { tool_calls: [null], content: CANARY } }], note: CANARY }),
  ],
  ['a redirect', 'generate', () => json(302, '', { location: `http://${origin}/elsewhere?key=${CANARY}` })],
  [
    'a 200 answer with echoed headers',
    'generate',
    () => json(200, { choices: [{ message: { content: '안녕' }, finish_reason: 'stop' }] }),
  ],
  ['a stream error response', 'stream', () => json(400, { error: { message: `bad key ${CANARY}` } })],
  [
    'a malformed stream event',
    'stream',
    () => sse([chunk({ content: '안' }), `data: {"broken": "${CANARY}"\n\n`]),
  ],
  ['a stream event that is not an object', 'stream', () => sse([`data: "${CANARY}"\n\n`])],
  [
    'an error event',
    'stream',
    () => sse([chunk({ content: '안' }), `event: error\ndata: {"message":"${CANARY}"}\n\n`]),
  ],
  ['a malformed error event', 'stream', () => sse([`event: error\ndata: ${CANARY} {\n\n`])],
  [
    'an in-stream error object',
    'stream',
    () => sse([`data: ${JSON.stringify({ error: { message: `quota for ${CANARY}`, code: 429 } })}\n\n`]),
  ],
  [
    'a stream with echoed headers',
    'stream',
    () =>
      sse([
        chunk({ content: '안녕' }),
        `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
      ]),
  ],
];

/** Every rendering of an outcome a user or a log can see. */
function renderings(outcome: unknown): string[] {
  const out = [inspect(outcome, { depth: 20, showHidden: true })];
  try {
    out.push(JSON.stringify(outcome) ?? '');
  } catch {}
  let current: unknown = outcome;
  const seen = new Set<unknown>();
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    out.push(String(current.message), String(current.stack), String(current), JSON.stringify(current) ?? '');
    current = current.cause;
  }
  return out;
}

async function run(options: OpenAIOptions, mode: 'generate' | 'stream'): Promise<unknown> {
  const model = openai('gpt-4o-mini', { ...options, dispatcher: undefined });
  try {
    if (mode === 'generate') return await model.generate(ask);
    const parts: StreamPart[] = [];
    for await (const part of model.stream(ask)) parts.push(part);
    return parts;
  } catch (error) {
    return error;
  }
}

describe('no secret in any error or response, whichever way the key was given and wherever a server echoes it', () => {
  it.each(
    ways.flatMap(([way, options]) =>
      hostile.map(([place, mode, make]) => [way, place, mode, options, make] as const),
    ),
  )('key as %s, echoed in %s', async (_way, _place, mode, options, make) => {
    echo = make();
    const outcome = await run(options(), mode);
    for (const text of renderings(outcome)) expect(text).not.toContain(CANARY);
  });
});
