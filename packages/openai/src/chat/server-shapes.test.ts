import { AbortError, APICallError, type StreamPart } from '@toolloop/core';
import { Agent, DecoratorHandler, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { openai } from '../provider/openai.js';
import { ask, closeServers, completion, drain, failure, json, serve } from '../test-utils.js';

afterEach(closeServers);

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
    let headersArrived = false;
    // Aborts the moment the response headers reach the client: the body read is what gets cut.
    // (undici's DecoratorHandler forwards every callback; its typings do not list them.)
    type ResponseStart = NonNullable<Dispatcher.DispatchHandler['onResponseStart']>;
    const Decorator = DecoratorHandler as unknown as new (
      handler: Dispatcher.DispatchHandler,
    ) => Dispatcher.DispatchHandler & { onResponseStart: ResponseStart };
    function abortAfterHeaders(handler: Dispatcher.DispatchHandler): Dispatcher.DispatchHandler {
      const decorated = new Decorator(handler);
      const start = decorated.onResponseStart.bind(decorated);
      decorated.onResponseStart = (...args) => {
        headersArrived = true;
        start(...args);
        setImmediate(() => controller.abort());
      };
      return decorated;
    }
    const dispatcher = new Agent().compose(
      (dispatch) => (options, handler) => dispatch(options, abortAfterHeaders(handler)),
    );
    const pending = failure(
      openai('m', { baseURL: `${server.origin}/v1`, dispatcher }).generate(ask, {
        signal: controller.signal,
      }),
    );
    expect(await pending).toBeInstanceOf(AbortError);
    expect(headersArrived).toBe(true);
    await dispatcher.close();
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
