import { APICallError, type ModelResponse } from '@toolloop/core';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openai } from '../provider/openai.js';
import { type ReplayServer, readFixture, startReplayServer } from '../test-utils.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(() => server.close());

async function replay(fixture: string, status = 200, apiKey = 'sk-test-replay'): Promise<ModelResponse> {
  server.answer({ status, body: readFixture(fixture), headers: { 'x-request-id': 'req_replay_1' } });
  return openai('gpt-4o-mini', { baseURL: server.url, apiKey }).generate(ask);
}

async function replayError(
  fixture: string,
  status: number,
  apiKey = 'sk-test-replay',
): Promise<APICallError> {
  const error = await replay(fixture, status, apiKey).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(APICallError.isInstance(error)).toBe(true);
  return error as APICallError;
}

describe('generate over captured responses', () => {
  it('openai-text.json: text, stop, usage with details, id and model', async () => {
    const response = await replay('openai-text.json');
    expect(response.text).toMatch(/^\*\*Holiday Name:\*\* Galaxy Day/);
    expect(response.text).toHaveLength(1842);
    expect(response.toolCalls).toEqual([]);
    expect(response.finishReason).toBe('stop');
    expect(response.rawFinishReason).toBe('stop');
    expect(response.usage).toEqual({
      inputTokens: 16,
      outputTokens: 363,
      totalTokens: 379,
      cachedInputTokens: 0,
      reasoningTokens: 0,
    });
    expect(response.response?.id).toBe('chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU');
    expect(response.response?.modelId).toBe('gpt-4.1-nano-2025-04-14');
    expect(response.response?.headers?.['x-request-id']).toBe('req_replay_1');
    expect(response.refusal).toBeUndefined();
  });

  it('openai-refusal.json: content null → empty text, refusal kept', async () => {
    const response = await replay('openai-refusal.json');
    expect(response.text).toBe('');
    expect(response.refusal).toBe("I'm very sorry, but I can't assist with that request.");
    expect(response.finishReason).toBe('stop');
    expect(response.usage).toMatchObject({ inputTokens: 65, outputTokens: 13, totalTokens: 78 });
  });

  it('openai-tool-call-parallel.json: two tool calls with their ids', async () => {
    const response = await replay('openai-tool-call-parallel.json');
    expect(response.text).toBe('');
    expect(response.toolCalls).toEqual([
      {
        toolCallId: 'call_fdNz3vOBKYgOIpMdWotB9MjY',
        toolName: 'GetWeatherArgs',
        arguments: '{"city": "Edinburgh", "country": "GB", "units": "c"}',
      },
      {
        toolCallId: 'call_h1DWI1POMJLb0KwIyQHWXD4p',
        toolName: 'get_stock_price',
        arguments: '{"ticker": "AAPL", "exchange": "NASDAQ"}',
      },
    ]);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.usage).toEqual({
      inputTokens: 149,
      outputTokens: 60,
      totalTokens: 209,
      reasoningTokens: 0,
    });
  });

  it('openai-function-call-legacy.json: message.function_call → one tool call', async () => {
    const response = await replay('openai-function-call-legacy.json');
    expect(response.toolCalls).toHaveLength(1);
    expect(response.toolCalls[0]).toMatchObject({
      toolName: 'get_current_weather',
      arguments: '{\n  "location": "Boston"\n}',
    });
    expect(response.toolCalls[0]?.toolCallId).toMatch(/^call_/);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.rawFinishReason).toBe('function_call');
    expect(response.usage).toEqual({ inputTokens: 82, outputTokens: 16, totalTokens: 98 });
  });

  it('ollama-tool-call.json: index in a non-stream message ignored, reasoning kept, plain usage', async () => {
    const response = await replay('ollama-tool-call.json');
    expect(response.text).toBe('');
    expect(response.toolCalls).toEqual([
      {
        toolCallId: 'call_o2vnpxrw',
        toolName: 'final_result',
        arguments: '{"city":"Paris","country":"France"}',
      },
    ]);
    expect(response.reasoning).toMatch(/^The conversation: user asked/);
    expect(response.usage).toEqual({ inputTokens: 206, outputTokens: 194, totalTokens: 400 });
    expect(response.response?.id).toBe('chatcmpl-273');
  });

  it('gemini-tool-call-empty-id.json: empty id → generated, no content key → empty text, total kept', async () => {
    const response = await replay('gemini-tool-call-empty-id.json');
    expect(response.text).toBe('');
    expect(response.toolCalls).toEqual([
      { toolCallId: 'call_0', toolName: 'get_current_time', arguments: '{}' },
    ]);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.usage).toEqual({ inputTokens: 35, outputTokens: 12, totalTokens: 109 });
  });
});

describe('generate over captured error bodies', () => {
  it('openai-error-401.json: the echoed key is redacted everywhere', async () => {
    const error = await replayError('openai-error-401.json', 401, 'DEADBEEF');
    expect(error.status).toBe(401);
    expect(error.isRetryable).toBe(false);
    expect(error.providerCode).toBe('invalid_api_key');
    expect(error.requestId).toBe('req_replay_1');
    expect(error.message).toMatch(
      /^OpenAI-compatible API at http:\/\/127\.0\.0\.1:\d+ answered 401: Incorrect API key provided: \[REDACTED\]\. .*\(invalid_api_key\)$/,
    );
    for (const text of [error.message, error.stack ?? '', JSON.stringify(error), error.responseBody ?? '']) {
      expect(text).not.toContain('DEADBEEF');
    }
    expect(error.responseBody).toContain('[REDACTED]');
  });

  it('openai-error-404-model-not-found.json: pretty-printed body, code kept, not retryable', async () => {
    const error = await replayError('openai-error-404-model-not-found.json', 404);
    expect(error).toMatchObject({ status: 404, isRetryable: false, providerCode: 'model_not_found' });
    expect(error.message).toContain('The model `gpt-4.1-nano-wrong` does not exist');
  });

  it('openai-error-429-rate-limit.json: retryable, headers kept for retry-after', async () => {
    server.answer({
      status: 429,
      body: readFixture('openai-error-429-rate-limit.json'),
      headers: { 'retry-after': '20', 'set-cookie': 'session=secret' },
    });
    const error = (await openai('gpt-4o-mini', { baseURL: server.url, apiKey: 'sk-x' })
      .generate(ask)
      .catch((e: unknown) => e)) as APICallError;
    expect(error).toMatchObject({ status: 429, isRetryable: true, providerCode: 'rate_limit_exceeded' });
    expect(error.responseHeaders['retry-after']).toBe('20');
    expect(error.responseHeaders).not.toHaveProperty('set-cookie');
  });

  it('openai-error-429-insufficient-quota.json: same status, but not retryable', async () => {
    const error = await replayError('openai-error-429-insufficient-quota.json', 429);
    expect(error).toMatchObject({ status: 429, isRetryable: false, providerCode: 'insufficient_quota' });
  });

  it('openai-error-500.json: retryable, code null → type as providerCode', async () => {
    const error = await replayError('openai-error-500.json', 500);
    expect(error).toMatchObject({ status: 500, isRetryable: true, providerCode: 'server_error' });
    expect(error.message).toContain('req_1e3a6e7c143878ba3fc1174660106292');
  });

  it('openrouter-error-429.json: numeric code becomes a string providerCode', async () => {
    const error = await replayError('openrouter-error-429.json', 429);
    expect(error).toMatchObject({ status: 429, isRetryable: true, providerCode: '429' });
    expect(error.message).toContain('Provider returned error');
  });

  it('azure-openai-error-400-content-filter.json: type null → code content_filter', async () => {
    const error = await replayError('azure-openai-error-400-content-filter.json', 400);
    expect(error).toMatchObject({ status: 400, isRetryable: false, providerCode: 'content_filter' });
    expect(error.responseBody?.length).toBeLessThanOrEqual(500);
  });

  it('ollama-error-400-tools-unsupported.json: code null → type', async () => {
    const error = await replayError('ollama-error-400-tools-unsupported.json', 400);
    expect(error).toMatchObject({ status: 400, isRetryable: false, providerCode: 'invalid_request_error' });
    expect(error.message).toContain('does not support tools');
  });

  it('a non-JSON error page keeps a short excerpt', async () => {
    server.answer({
      status: 502,
      body: `<html>${'x'.repeat(2000)}</html>`,
      headers: { 'content-type': 'text/html' },
    });
    const error = (await openai('m', { baseURL: server.url })
      .generate(ask)
      .catch((e: unknown) => e)) as APICallError;
    expect(error).toMatchObject({ status: 502, isRetryable: true, providerCode: undefined });
    expect(error.responseBody?.length).toBeLessThanOrEqual(500);
  });
});

describe('generate request', () => {
  it('posts JSON to <baseURL>/chat/completions with bearer, organization, project and call headers', async () => {
    server.answer({ status: 200, body: readFixture('openai-text.json') });
    const model = openai('gpt-4o-mini', {
      baseURL: `${server.url}/`,
      apiKey: 'sk-abc',
      organization: 'org-1',
      project: 'proj-1',
      headers: { 'X-Team': 'a' },
    });
    await model.generate(ask, { headers: { 'x-trace': 't1' } });
    const seen = server.requests.at(-1)!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/v1/chat/completions');
    expect(seen.headers).toMatchObject({
      authorization: 'Bearer sk-abc',
      'openai-organization': 'org-1',
      'openai-project': 'proj-1',
      'x-team': 'a',
      'x-trace': 't1',
      'content-type': 'application/json',
    });
    expect(JSON.parse(seen.body)).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('sends no authorization header when a local server needs no key', async () => {
    server.answer({ status: 200, body: readFixture('openai-text.json') });
    await openai('llama3', { baseURL: server.url, apiKey: '' }).generate(ask);
    expect(server.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('sends through an injected dispatcher', async () => {
    server.answer({ status: 200, body: readFixture('openai-text.json') });
    const seen: string[] = [];
    const agent = new Agent();
    const dispatcher = agent.compose(
      (dispatch: Dispatcher['dispatch']): Dispatcher['dispatch'] =>
        (options, handler) => {
          seen.push(`${options.method} ${options.path}`);
          return dispatch(options, handler);
        },
    );
    try {
      await openai('m', { baseURL: server.url, dispatcher }).generate(ask);
      expect(seen).toEqual(['POST /v1/chat/completions']);
    } finally {
      await agent.close();
    }
  });
});
