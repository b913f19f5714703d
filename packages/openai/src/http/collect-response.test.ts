// The non-streamed call reads its answer through a dispatch handler of its own (collect-response.ts):
// what undici's `request` did for it must still hold — aborts at every stage, 1xx answers, a
// user's own dispatcher with interceptors.
import type { ServerResponse } from 'node:http';
import { AbortError } from '@toolloop/core';
import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { openai } from '../provider/openai.js';
import { ask, closeServers, completion, failure, json, type Seen, serve } from '../test-utils.js';

afterEach(closeServers);

const answer = completion({ role: 'assistant', content: '안녕하세요' });

describe('generate reads the whole answer through its own dispatch handler', () => {
  it('an abort while the request waits for a connection rejects at once, and it is never sent', async () => {
    // One connection, held by a first call whose answer never comes: the second call waits in line.
    let release: (() => void) | undefined;
    const server = await serve((req, res) => {
      if (req.body.includes('first')) {
        release = () => json(answer)(req, res);
        return;
      }
      json(answer)(req, res);
    });
    const dispatcher = new Agent({ connections: 1, pipelining: 1 });
    try {
      const model = openai('m', { baseURL: `${server.origin}/v1`, dispatcher });
      const first = model.generate({ messages: [{ role: 'user', content: 'first' }] });
      while (server.seen.length === 0) await new Promise((resolve) => setImmediate(resolve));
      const controller = new AbortController();
      const second = failure(model.generate(ask, { signal: controller.signal }));
      controller.abort();
      expect(await second).toBeInstanceOf(AbortError);
      release?.();
      expect((await first).text).toBe('안녕하세요');
      // The line moves on: a third call is answered, and the aborted one never reached the server.
      expect((await model.generate(ask)).text).toBe('안녕하세요');
      expect(server.seen.map((seen) => seen.body.includes('first'))).toEqual([true, false]);
    } finally {
      await dispatcher.close();
    }
  });

  it('an abort in the middle of the body → AbortError, and the connection is closed', async () => {
    let closed = false;
    const server = await serve((_req: Seen, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"chatcmpl-1","object":"chat.completion",');
      res.on('close', () => {
        closed = true;
      });
    });
    const model = openai('m', { baseURL: `${server.origin}/v1` });
    const controller = new AbortController();
    const pending = failure(model.generate(ask, { signal: controller.signal }));
    while (server.seen.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new Error('user stop'));
    const error = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect(((error as AbortError).cause as Error).message).toBe('user stop');
    for (let i = 0; i < 100 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(closed).toBe(true);
  });

  it('a 103 Early Hints before the answer is skipped', async () => {
    const server = await serve((req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      json(answer)(req, res);
    });
    const response = await openai('m', { baseURL: `${server.origin}/v1` }).generate(ask);
    expect(response.text).toBe('안녕하세요');
  });

  it("a user's dispatcher with interceptors is used as given", async () => {
    const server = await serve(json(answer));
    const tagged: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) =>
      dispatch(
        { ...options, headers: { ...(options.headers as Record<string, string>), 'x-tag': 'mine' } },
        handler,
      );
    const agent = new Agent();
    try {
      const model = openai('m', { baseURL: `${server.origin}/v1`, dispatcher: agent.compose(tagged) });
      expect((await model.generate(ask)).text).toBe('안녕하세요');
      expect(server.seen[0]?.headers['x-tag']).toBe('mine');
      expect(server.seen[0]?.url).toBe('/v1/chat/completions');
    } finally {
      await agent.close();
    }
  });

  it('the body split across many chunks, multi-byte characters cut between them, is joined whole', async () => {
    const text = '가'.repeat(40_000);
    const server = await serve((_req, res) => {
      const body = Buffer.from(JSON.stringify(completion({ role: 'assistant', content: text })));
      res.writeHead(200, { 'content-type': 'application/json' });
      // Odd-sized pieces: a 3-byte character falls across most boundaries.
      for (let at = 0; at < body.length; at += 1001) res.write(body.subarray(at, at + 1001));
      res.end();
    });
    const response = await openai('m', { baseURL: `${server.origin}/v1` }).generate(ask);
    expect(response.text).toBe(text);
  });
});
