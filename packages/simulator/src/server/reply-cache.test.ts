import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { post, sseData, weatherTool } from '../test-utils.js';
import type { Simulator } from '../types.js';
import { startSimulator } from './start-simulator.js';

let sim: Simulator;

beforeEach(async () => {
  if (!sim) sim = await startSimulator();
  sim.reset();
});
afterAll(() => sim?.close());

const chat = (body: unknown) => post(`${sim.url}/chat/completions`, body);

/** The body with its per-response values blanked, so answers can be compared. */
function answerOf(text: string): string {
  return text
    .replace(/chatcmpl-sim-\d+/g, 'chatcmpl-sim-N')
    .replace(/call_sim_\d+_/g, 'call_sim_N_')
    .replace(/"created":\d+/g, '"created":0');
}

async function threeTimes(body: unknown) {
  const responses = [];
  // The first answer is rendered, the second templated, the third served from the template.
  for (let i = 0; i < 3; i++) responses.push(await chat(body));
  return responses;
}

describe('repeated policy requests', () => {
  it('answer identically, each with its own ids and a current created', async () => {
    const body = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: '서울 날씨 어때?' }],
      tools: [weatherTool],
    };
    const before = Math.floor(Date.now() / 1000);
    const responses = await threeTimes(body);
    const first = responses[0]!;
    expect(JSON.parse(first.text).choices[0].message.tool_calls[0].function).toEqual({
      name: 'get_weather',
      arguments: '{"city":"서울"}',
    });
    const ids = new Set<string>();
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
      expect(answerOf(res.text)).toBe(answerOf(first.text));
      const json = JSON.parse(res.text);
      const sequence = String(res.headers['x-request-id']).replace('req_sim_', '');
      expect(json.id).toBe(`chatcmpl-sim-${sequence}`);
      expect(json.choices[0].message.tool_calls[0].id).toBe(`call_sim_${sequence}_0`);
      expect(json.created).toBeGreaterThanOrEqual(before);
      ids.add(json.id);
    }
    expect(ids.size).toBe(3);
  });

  it('stream identically, each with its own ids', async () => {
    const body = {
      messages: [{ role: 'user', content: '짧은 이야기 들려줘' }],
      stream: true,
      stream_options: { include_usage: true },
    };
    const responses = await threeTimes(body);
    for (const res of responses) {
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(answerOf(res.text)).toBe(answerOf(responses[0]!.text));
      const sequence = String(res.headers['x-request-id']).replace('req_sim_', '');
      const events = sseData(res.text);
      expect(events.at(-1)).toBe('[DONE]');
      for (const event of events.slice(0, -1)) expect(event.id).toBe(`chatcmpl-sim-${sequence}`);
    }
  });

  it('echo prompts that contain the template marks unchanged', async () => {
    const prompt = 'what is \uE000 9876543210123?';
    const responses = await threeTimes({ messages: [{ role: 'user', content: prompt }] });
    for (const res of responses) {
      expect(JSON.parse(res.text).choices[0].message.content).toContain(`"${prompt}"`);
    }
  });

  it('still meet queued faults and scripted turns first', async () => {
    const body = { messages: [{ role: 'user', content: 'hello' }] };
    await threeTimes(body);
    sim.fault({ type: 'status', status: 503 });
    sim.script({ text: 'scripted' });
    expect((await chat(body)).status).toBe(503);
    expect(JSON.parse((await chat(body)).text).choices[0].message.content).toBe('scripted');
    expect(JSON.parse((await chat(body)).text).choices[0].message.content).toContain('hello');
  });
});

describe('record: false', () => {
  it('keeps no requests but still counts them', async () => {
    const quiet = await startSimulator({ record: false });
    try {
      const body = { messages: [{ role: 'user', content: 'hi' }] };
      for (let i = 0; i < 3; i++)
        expect((await post(`${quiet.url}/chat/completions`, body)).status).toBe(200);
      expect(quiet.requests).toHaveLength(0);
      expect(quiet.stats().requests).toBe(3);
    } finally {
      await quiet.close();
    }
  });
});
