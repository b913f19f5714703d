import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSimulator } from '../server/start-simulator.js';
import { weatherTool } from '../test-utils.js';
import type { Simulator } from '../types.js';
import { api, assertValid, chatLine, fileLines, submit, wireValidators } from './test-utils.js';

const TIMING = { validatingMs: 100, lineMs: 10, finalizingMs: 50, cancellingMs: 30 } as const;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ apiKey: 'sk-test', batches: { clock: 'manual', ...TIMING } });
});
beforeEach(() => {
  sim.reset();
  sim.batches.configure({ shuffle: false, lineFailures: [], completionWindowMs: 24 * 3600 * 1000 });
  // Each test starts on a whole second of the manual clock: the API's timestamps are in seconds, so
  // a test that began 50 ms before a second boundary saw created_at and in_progress_at differ.
  sim.batches.advance(1000 - (sim.batches.now() % 1000));
});
afterAll(() => sim.close());

const { batch: batchSchema, completion: completionSchema, outputLine: lineSchema } = wireValidators();
const get = async (id: string) => {
  const { json } = await api(sim, 'GET', `/batches/${id}`);
  assertValid(batchSchema, json);
  return json;
};
const lines = (n: number) =>
  Array.from({ length: n }, (_, i) => chatLine(`req-${i + 1}`, `question ${i + 1}`));

describe('batch lifecycle on a manual clock', () => {
  it('moves validating → in_progress → finalizing → completed, counting lines as they finish', async () => {
    const created = await submit(sim, lines(3));
    const seen = [created.status];
    sim.batches.advance(TIMING.validatingMs);
    let batch = await get(created.id);
    seen.push(batch.status);
    expect(batch.request_counts).toEqual({ total: 3, completed: 0, failed: 0 });
    expect(batch.in_progress_at).toBe(created.created_at);

    sim.batches.advance(TIMING.lineMs);
    expect((await get(created.id)).request_counts).toEqual({ total: 3, completed: 1, failed: 0 });
    sim.batches.advance(2 * TIMING.lineMs);
    batch = await get(created.id);
    seen.push(batch.status);
    expect(batch.request_counts.completed).toBe(3);
    expect(batch.output_file_id).toBeNull();

    expect(sim.batches.step()).toBe(TIMING.finalizingMs);
    batch = await get(created.id);
    seen.push(batch.status);
    expect(seen).toEqual(['validating', 'in_progress', 'finalizing', 'completed']);
    expect(batch.completed_at).toBeGreaterThanOrEqual(batch.finalizing_at);
    expect(batch.output_file_id).toMatch(/^file-/);
    expect(batch.error_file_id).toBeNull();
    expect(sim.batches.step()).toBe(0);
  });

  it('writes output lines shaped like OpenAI, with the answer a synchronous call gives', async () => {
    const toolLine = chatLine('weather', '서울 날씨 어때?', { tools: [weatherTool] });
    const textLine = chatLine('text', 'AI란?');
    const created = await submit(sim, [toolLine, textLine]);
    sim.batches.settle();
    const batch = await get(created.id);
    const output = await fileLines(sim, batch.output_file_id);
    expect(output.map((line) => line.custom_id)).toEqual(['weather', 'text']);
    for (const line of output) {
      assertValid(lineSchema, line);
      assertValid(completionSchema, line.response.body);
      expect(line).toMatchObject({ id: expect.stringMatching(/^batch_req_/), error: null });
      expect(line.response).toMatchObject({ status_code: 200, request_id: expect.any(String) });
    }

    for (const [index, request] of [toolLine, textLine].entries()) {
      const sync = await api(sim, 'POST', '/chat/completions', (request as { body: unknown }).body);
      const batched = output[index].response.body;
      const strip = (body: any) => ({
        ...body,
        id: undefined,
        created: undefined,
        choices: body.choices.map((choice: any) => ({
          ...choice,
          message: {
            ...choice.message,
            tool_calls: choice.message.tool_calls?.map((call: any) => ({ ...call, id: undefined })),
          },
        })),
      });
      expect(strip(batched)).toEqual(strip(sync.json));
    }
    const call = output[0].response.body.choices[0].message.tool_calls[0];
    expect(call.function).toEqual({ name: 'get_weather', arguments: '{"city":"서울"}' });
    expect(output[0].response.body.choices[0].finish_reason).toBe('tool_calls');
    // Tool-call ids stay unique across batch lines and synchronous calls.
    expect(call.id).toMatch(/^call_sim_b\d+_0$/);

    const usage = output.reduce(
      (sum, line) => ({
        input: sum.input + line.response.body.usage.prompt_tokens,
        output: sum.output + line.response.body.usage.completion_tokens,
      }),
      { input: 0, output: 0 },
    );
    expect(batch.usage).toMatchObject({ input_tokens: usage.input, output_tokens: usage.output });
    expect(batch.usage.total_tokens).toBe(usage.input + usage.output);
  });

  it('answers lines from per-custom_id scripts in order, across batches, then from the policy', async () => {
    sim.batches.script({
      'req-1': [{ toolCalls: [{ name: 'lookup', arguments: { q: 'a' } }] }, { text: 'second' }],
    });
    const first = await submit(sim, lines(2));
    sim.batches.settle();
    const second = await submit(sim, lines(1));
    sim.batches.settle();
    const third = await submit(sim, lines(1));
    sim.batches.settle();
    const body = async (id: string) =>
      (await fileLines(sim, (await get(id)).output_file_id))[0].response.body;
    expect((await body(first.id)).choices[0].message.tool_calls[0].function).toEqual({
      name: 'lookup',
      arguments: '{"q":"a"}',
    });
    expect((await body(second.id)).choices[0].message.content).toBe('second');
    expect((await body(third.id)).choices[0].message.content).toMatch(/question 1/);
  });

  it('reports per-line failures in the error file: by custom_id pattern, by rate, and lines that never ran', async () => {
    sim.batches.configure({
      lineFailures: [
        { customId: '^req-2$', status: 429 },
        { customId: '^req-3$', error: { code: 'server_error', message: 'lost' } },
        { rate: 0.5, customId: '^rate-' },
      ],
    });
    const many = Array.from({ length: 40 }, (_, i) => chatLine(`rate-${i}`, 'hi'));
    const created = await submit(sim, [...lines(3), ...many]);
    sim.batches.settle();
    const batch = await get(created.id);
    const errors = await fileLines(sim, batch.error_file_id);
    const output = await fileLines(sim, batch.output_file_id);
    for (const line of [...errors, ...output]) assertValid(lineSchema, line);
    expect(batch.request_counts).toEqual({ total: 43, completed: output.length, failed: errors.length });
    const byId = new Map(errors.map((line) => [line.custom_id, line]));
    expect(byId.get('req-2').response).toMatchObject({
      status_code: 429,
      body: { error: { code: 'rate_limit_exceeded' } },
    });
    expect(byId.get('req-3')).toMatchObject({
      response: null,
      error: { code: 'server_error', message: 'lost' },
    });
    expect(output.map((line) => line.custom_id)).toContain('req-1');
    const rateFailures = errors.filter((line) => line.custom_id.startsWith('rate-')).length;
    // A repeatable coin per custom_id: neither none nor all of 40 lines at rate 0.5.
    expect(rateFailures).toBeGreaterThan(5);
    expect(rateFailures).toBeLessThan(35);
  });

  it('answers invalid request bodies per line, as a synchronous call would', async () => {
    const created = await submit(sim, [
      {
        custom_id: 'no-messages',
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini' },
      },
      chatLine('streamed', 'hi', { stream: true }),
      chatLine('fine', 'hi'),
    ]);
    sim.batches.settle();
    const batch = await get(created.id);
    const errors = await fileLines(sim, batch.error_file_id);
    expect(
      errors.map((line) => [line.custom_id, line.response.status_code, line.response.body.error.param]),
    ).toEqual([
      ['no-messages', 400, 'messages'],
      ['streamed', 400, 'stream'],
    ]);
    expect(batch.request_counts).toEqual({ total: 3, completed: 1, failed: 2 });
  });

  it('writes files in a shuffled order that is repeatable, with every line once', async () => {
    sim.batches.configure({ shuffle: true });
    const created = await submit(sim, lines(30));
    sim.batches.settle();
    const ids = (await fileLines(sim, (await get(created.id)).output_file_id)).map((line) => line.custom_id);
    const inOrder = lines(30).map((line) => (line as { custom_id: string }).custom_id);
    expect(ids).not.toEqual(inOrder);
    expect([...ids].sort()).toEqual([...inOrder].sort());
  });
});

describe('batches that end otherwise', () => {
  it('fails validation, listing each bad line in errors.data', async () => {
    const created = await submit(sim, [
      chatLine('ok', 'hi'),
      { method: 'POST', url: '/v1/chat/completions', body: {} },
      chatLine('ok', 'again'),
      { custom_id: 'get', method: 'GET', url: '/v1/chat/completions', body: {} },
      { custom_id: 'url', method: 'POST', url: '/v1/embeddings', body: {} },
      {
        custom_id: 'model',
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o', messages: [] },
      },
      { custom_id: 'nobody', method: 'POST', url: '/v1/chat/completions' },
    ]);
    const status = sim.batches.step();
    expect(status).toBe(TIMING.validatingMs);
    const batch = await get(created.id);
    expect(batch.status).toBe('failed');
    expect(batch.failed_at).toBe(created.created_at);
    expect(batch.request_counts).toEqual({ total: 0, completed: 0, failed: 0 });
    expect(batch.errors.object).toBe('list');
    expect(batch.errors.data.map((error: any) => [error.code, error.param, error.line])).toEqual([
      ['missing_required_parameter', 'custom_id', 2],
      ['duplicate_custom_id', 'custom_id', 3],
      ['invalid_value', 'method', 4],
      ['url_mismatch', 'url', 5],
      ['model_mismatch', 'body.model', 6],
      ['missing_required_parameter', 'body', 7],
    ]);
    expect(batch.output_file_id).toBeNull();
  });

  it('fails an empty file with empty_file, and on a fail fault with the given errors', async () => {
    const empty = await submit(sim, []);
    sim.batches.fault({
      type: 'fail',
      errors: [{ code: 'token_limit_exceeded', message: 'Enqueued token limit reached.' }],
    });
    const faulted = await submit(sim, lines(2));
    sim.batches.settle();
    expect((await get(empty.id)).errors.data[0].code).toBe('empty_file');
    const failed = await get(faulted.id);
    expect(failed.status).toBe('failed');
    expect(failed.errors.data).toEqual([
      { code: 'token_limit_exceeded', message: 'Enqueued token limit reached.' },
    ]);
  });

  it('expires after the given lines: finished lines kept, the rest reported as batch_expired', async () => {
    sim.batches.fault({ type: 'expire', afterLines: 2 });
    const created = await submit(sim, lines(4));
    sim.batches.settle();
    const batch = await get(created.id);
    expect(batch.status).toBe('expired');
    expect(batch.expired_at).not.toBeNull();
    expect(batch.completed_at).toBeNull();
    expect(batch.request_counts).toEqual({ total: 4, completed: 2, failed: 2 });
    const output = await fileLines(sim, batch.output_file_id);
    expect(output.map((line) => line.custom_id)).toEqual(['req-1', 'req-2']);
    const errors = await fileLines(sim, batch.error_file_id);
    for (const line of errors) assertValid(lineSchema, line);
    expect(errors).toEqual([
      expect.objectContaining({
        custom_id: 'req-3',
        response: null,
        error: expect.objectContaining({ code: 'batch_expired' }),
      }),
      expect.objectContaining({
        custom_id: 'req-4',
        response: null,
        error: expect.objectContaining({ code: 'batch_expired' }),
      }),
    ]);
  });

  it('expires when the completion window runs out, keeping the lines done by then', async () => {
    sim.batches.configure({ completionWindowMs: TIMING.validatingMs + 3 * TIMING.lineMs + 5 });
    const created = await submit(sim, lines(5));
    sim.batches.advance(24 * 3600 * 1000);
    const batch = await get(created.id);
    expect(batch.status).toBe('expired');
    expect(batch.request_counts).toEqual({ total: 5, completed: 3, failed: 2 });
    expect(batch.expires_at).toBe(batch.expired_at);
  });

  it('cancels: cancelling, then cancelled with the lines finished before the cancel', async () => {
    const created = await submit(sim, lines(5));
    sim.batches.advance(TIMING.validatingMs + 2 * TIMING.lineMs);
    const cancelling = await api(sim, 'POST', `/batches/${created.id}/cancel`);
    assertValid(batchSchema, cancelling.json);
    expect(cancelling.json).toMatchObject({
      status: 'cancelling',
      request_counts: { total: 5, completed: 2 },
    });
    expect((await api(sim, 'POST', `/batches/${created.id}/cancel`)).json.status).toBe('cancelling');
    expect(sim.batches.step()).toBe(TIMING.cancellingMs);
    const batch = await get(created.id);
    expect(batch).toMatchObject({
      status: 'cancelled',
      request_counts: { total: 5, completed: 2, failed: 0 },
    });
    expect(batch.cancelled_at).toBeGreaterThanOrEqual(batch.cancelling_at);
    expect((await fileLines(sim, batch.output_file_id)).map((line) => line.custom_id)).toEqual([
      'req-1',
      'req-2',
    ]);
    expect(batch.error_file_id).toBeNull();
    expect((await api(sim, 'POST', `/batches/${created.id}/cancel`)).json.status).toBe('cancelled');
  });

  it('cancels a validating batch with no lines run, and refuses to cancel a finished one', async () => {
    const early = await submit(sim, lines(2));
    await api(sim, 'POST', `/batches/${early.id}/cancel`);
    sim.batches.settle();
    expect(await get(early.id)).toMatchObject({
      status: 'cancelled',
      output_file_id: null,
      in_progress_at: null,
    });

    const done = await submit(sim, lines(1));
    sim.batches.settle();
    const refused = await api(sim, 'POST', `/batches/${done.id}/cancel`);
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toBe("Cannot cancel a batch with status 'completed'.");
  });
});

describe('clocks and the control API', () => {
  it('drives batches through the control API over HTTP', async () => {
    const origin = sim.url.replace(/\/v1$/, '');
    const control = async (path: string, body?: unknown) => {
      const response = await fetch(`${origin}/_simulator/batches${path}`, {
        method: body === undefined && path === '' ? 'GET' : 'POST',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as any };
    };
    expect((await control('/configure', { lineMs: 20 })).status).toBe(200);
    expect((await control('/faults', [{ type: 'expire', afterLines: 1 }])).status).toBe(200);
    expect((await control('/script', { 'req-2': [{ text: 'scripted' }] })).status).toBe(200);
    const created = await submit(sim, lines(2));
    const before = await control('', undefined);
    expect(before.json.batches[0]).toMatchObject({ id: created.id, status: 'validating' });
    expect(before.json.files).toHaveLength(1);
    expect((await control('/advance', { ms: TIMING.validatingMs })).json.ok).toBe(true);
    expect((await control('')).json.batches[0].status).toBe('in_progress');
    const stepped = await control('/step', {});
    expect(stepped.json.advancedMs).toBe(20);
    expect((await control('')).json.batches[0].status).toBe('expired');
    expect((await control('/settle', {})).json.steps).toBe(0);
    expect((await control('/advance', { ms: -1 })).status).toBe(400);
    expect((await control('/configure', { nope: 1 })).json.error.message).toBe(
      'Unknown batch option "nope".',
    );
    sim.batches.configure({ lineMs: TIMING.lineMs });
  });

  it('refuses manual stepping on a real clock, and the real clock follows Date (fake timers drive it)', async () => {
    const real = await startSimulator({ batches: { validatingMs: 1000, lineMs: 1000, finalizingMs: 1000 } });
    try {
      expect(() => real.batches.step()).toThrow(/clock: 'manual'/);
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
      const created = await submit(real, lines(2));
      expect(created.created_at).toBe(Date.parse('2030-01-01T00:00:00Z') / 1000);
      vi.setSystemTime(Date.now() + 1000 + 1000);
      expect(real.batches.list()[0]).toMatchObject({
        status: 'in_progress',
        request_counts: { completed: 1 },
      });
      vi.setSystemTime(Date.now() + 2000);
      expect(real.batches.list()[0]!.status).toBe('completed');
    } finally {
      vi.useRealTimers();
      await real.close();
    }
  });

  it('clears batches and files on reset, and validators reject what OpenAI would not send', async () => {
    await submit(sim, lines(1));
    sim.reset();
    expect(sim.batches.list()).toEqual([]);
    expect(sim.batches.files()).toEqual([]);
    expect(batchSchema({ id: 'b', object: 'batch', status: 'running' })).toBe(false);
    expect(lineSchema({ id: 'x', custom_id: 'y', response: { status_code: 200 }, error: null })).toBe(false);
  });
});

afterEach(() => vi.useRealTimers());
