import { APICallError } from '@toolloop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ask, closeServers, completion, failure, json, serve } from '../test-utils.js';
import { openai } from './openai.js';

afterEach(closeServers);

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
