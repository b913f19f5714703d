// 20,000 small deltas: toolloop's openai().stream() vs a raw undici reader that splits SSE by hand.
import { openai } from '@toolloop/openai';
import { Agent, request } from 'undici';
import { alternate, startSimulatorProcess } from './simulator-process.js';

export interface StreamResult {
  name: string;
  deltas: number;
  rawMs: number;
  toolloopMs: number;
  rawMicrosPerDelta: number;
  toolloopMicrosPerDelta: number;
  ratio: number;
  /** Client CPU time per read, toolloop over raw. */
  cpuRatio: number;
  simulatorCpuShare: number;
}

export async function benchStreaming(options: { deltas: number; rounds: number }): Promise<StreamResult> {
  const sim = await startSimulatorProcess(['--chunk-chars', '1']);
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const text = 'abcdefghij'.repeat(options.deltas / 10);
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'go' }],
    stream: true,
  });

  // The raw reader: bytes → lines → JSON.parse → content, the least a correct client must do.
  // It is a floor, not a peer: it handles only `\n\n`-separated single-line `data:` events (no CR
  // or CRLF, comments, multi-line data, `event: error`, finish or usage), and it hands nothing to a
  // consumer, whereas stream() must give each part through an async iterator (one settled promise
  // and one await per part, about a tenth of a µs per delta on this machine).
  async function rawRead(): Promise<string> {
    const response = await request(`${sim.url}/chat/completions`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json' },
      body,
    });
    const decoder = new TextDecoder();
    let buffer = '';
    let out = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (event.startsWith('data: ') && event !== 'data: [DONE]') {
          const json = JSON.parse(event.slice(6)) as { choices: Array<{ delta: { content?: string } }> };
          out += json.choices[0]?.delta.content ?? '';
        }
        end = buffer.indexOf('\n\n');
      }
    }
    return out;
  }

  const model = openai('gpt-4o-mini', { baseURL: sim.url, dispatcher });
  async function ourRead(): Promise<string> {
    let out = '';
    for await (const part of model.stream({ messages: [{ role: 'user', content: 'go' }] })) {
      if (part.type === 'text-delta') out += part.delta;
    }
    return out;
  }

  // Same text, or the comparison means nothing.
  const checked = (read: () => Promise<string>) => async () => {
    const got = await read();
    if (got !== text) throw new Error(`stream text differs (${got.length} vs ${text.length} chars)`);
  };
  const measured = await alternate({
    sim,
    rounds: options.rounds,
    warmupRounds: 1,
    prepare: () => sim.control('script', [{ text }]),
    raw: checked(rawRead),
    ours: checked(ourRead),
  });
  await dispatcher.close();
  await sim.close();
  const { rawMs, oursMs } = measured;
  return {
    name: 'streaming',
    deltas: options.deltas,
    rawMs,
    toolloopMs: oursMs,
    rawMicrosPerDelta: (rawMs * 1000) / options.deltas,
    toolloopMicrosPerDelta: (oursMs * 1000) / options.deltas,
    ratio: oursMs / rawMs,
    cpuRatio: measured.oursCpu / measured.rawCpu,
    simulatorCpuShare: measured.simulatorCpuShare,
  };
}
