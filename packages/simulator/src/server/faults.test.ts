import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { post, sseData } from '../test-utils.js';
import type { Simulator } from '../types.js';
import { startSimulator } from './start-simulator.js';

let sim: Simulator;
const text = 'Hello, world! This is a streamed answer.';
const streamed = { messages: [{ role: 'user', content: 'hi' }], stream: true };

beforeEach(async () => {
  if (!sim) sim = await startSimulator();
  sim.reset();
  sim.script({ text });
});
afterAll(() => sim?.close());

const chat = (body: unknown = streamed, timeoutMs?: number) =>
  post(`${sim.url}/chat/completions`, body, timeoutMs ? { timeoutMs } : {});

describe('faults', () => {
  it('status: sends the status, default OpenAI body and given headers, then serves the script', async () => {
    sim.fault(
      { type: 'status', status: 429, headers: { 'retry-after-ms': '150' } },
      { type: 'status', status: 500 },
      {
        type: 'status',
        status: 503,
        body: { error: { message: 'custom' } },
        headers: { 'x-should-retry': 'false' },
      },
    );
    const limited = await chat();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after-ms']).toBe('150');
    expect(JSON.parse(limited.text).error).toMatchObject({ code: 'rate_limit_exceeded' });
    const failed = await chat();
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.text).error).toMatchObject({ type: 'server_error', code: null, param: null });
    const overloaded = await chat();
    expect(overloaded.status).toBe(503);
    expect(overloaded.headers['x-should-retry']).toBe('false');
    expect(JSON.parse(overloaded.text)).toEqual({ error: { message: 'custom' } });
    expect((await chat()).status).toBe(200);
  });

  it('reset-before-headers: the connection dies before any byte', async () => {
    sim.fault({ type: 'reset-before-headers' });
    await expect(chat()).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect((await chat()).status).toBe(200);
  });

  it('no-headers: never answers until the client gives up', async () => {
    sim.fault({ type: 'no-headers' });
    await expect(chat(streamed, 150)).rejects.toThrow(/timeout/);
    expect((await chat()).status).toBe(200);
  });

  it('cut-after: N events then the connection closes, without [DONE]', async () => {
    sim.fault({ type: 'cut-after', events: 3 });
    const res = await chat();
    expect(res.status).toBe(200);
    expect(res.outcome).toBe('error');
    const events = sseData(res.text);
    expect(events).toHaveLength(3);
    expect(events).not.toContain('[DONE]');
  });

  it('stall-after: N events then silence with the socket open', async () => {
    sim.fault({ type: 'stall-after', events: 2 });
    await expect(chat(streamed, 200)).rejects.toThrow(/timeout/);
  });

  it('malformed-json: a `data: {not json` event after N events', async () => {
    sim.fault({ type: 'malformed-json', afterEvents: 2 });
    const res = await chat();
    const events = sseData(res.text);
    expect(events).toHaveLength(3);
    expect(events[2]).toBe('{not json');
  });

  it('error-event: `event: error` with an error object after N events, then the stream ends', async () => {
    sim.fault({ type: 'error-event', afterEvents: 1 });
    const res = await chat();
    expect(res.outcome).toBe('end');
    expect(res.text).toContain('\n\nevent: error\ndata: {"error":{');
    const events = sseData(res.text);
    expect(events).toHaveLength(2);
    expect(events[1].error).toMatchObject({ type: 'server_error', message: expect.any(String) });
  });

  it('one-byte-chunks: the same bytes, one per write', async () => {
    const normal = await chat();
    sim.script({ text: '안녕하세요 ' + text });
    sim.fault({ type: 'one-byte-chunks' });
    const res = await chat();
    expect(res.outcome).toBe('end');
    const content = sseData(res.text)
      .slice(1, -2)
      .map((chunk) => chunk.choices[0].delta.content)
      .join('');
    expect(content).toBe('안녕하세요 ' + text);
    expect(res.reads).toBeGreaterThan(sseData(normal.text).length);
  });

  it('no-done: ends normally with finish_reason but no [DONE]', async () => {
    sim.fault({ type: 'no-done' });
    const res = await chat();
    expect(res.outcome).toBe('end');
    const events = sseData(res.text);
    expect(events).not.toContain('[DONE]');
    expect(events.at(-1).choices[0].finish_reason).toBe('stop');
  });

  it('stream faults on a non-streamed request: cut body, non-JSON body', async () => {
    const plain = { messages: [{ role: 'user', content: 'hi' }] };
    sim.script({ text });
    sim.fault({ type: 'cut-after', events: 1 }, { type: 'malformed-json', afterEvents: 0 });
    const cut = await chat(plain);
    expect(cut.outcome).toBe('error');
    expect(() => JSON.parse(cut.text)).toThrow();
    const malformed = await chat(plain);
    expect(malformed.text).toBe('{not json');
  });

  it('close() destroys stalled sockets', async () => {
    const own = await startSimulator({ faults: [{ type: 'no-headers' }] });
    const pending = post(`${own.url}/chat/completions`, streamed, { timeoutMs: 5000 });
    // Closed only once the request is in: the socket is then stalled, not yet to be opened.
    while (own.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await own.close();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
