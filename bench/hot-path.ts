// A private harness for the per-event path (issue 16): client CPU of model.stream(), agent.stream()
// and the tool loop against raw undici loops, on the simulator in its own process. Not part of
// `pnpm bench`; run one scenario at a time:
//   tsx bench/hot-path.ts stream|agent-stream|loop|concurrent|generate [rounds]
// (without the condition it runs the packages' dist: build them first)
// With `--profile-only` it runs toolloop's side alone (for `node --cpu-prof`); with `--rss=raw` or
// `--rss=agent.run` one side alone, printing its peak RSS.
import { createRequire } from 'node:module';
import { createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { createWeatherTool, offlineWeatherSource } from '@toolloop/tools';
import { Agent, request } from 'undici';
import { rawClient } from './clients/raw.js';
import { prompt } from './clients/weather.js';
import { median, pool, startSimulatorProcess } from './simulator-process.js';

type CreateParser = (callbacks: { onEvent(event: { data: string }): void }) => {
  feed(chunk: string): void;
};
// eventsource-parser is the openai package's dependency, not the bench's: resolve it from there.
const openaiRequire = createRequire(new URL('../packages/openai/package.json', import.meta.url));
const { createParser } = (await import(openaiRequire.resolve('eventsource-parser'))) as {
  createParser: CreateParser;
};

const scenario = process.argv[2] ?? 'stream';
const rounds = Number(process.argv[3] ?? 7);
const profileOnly = process.argv.includes('--profile-only');
const deltas = 20_000;

interface Side {
  name: string;
  run(): Promise<void>;
}

async function measure(sides: Side[], prepare: () => Promise<void>, units: number): Promise<void> {
  const cpu = new Map<string, number[]>(sides.map((side) => [side.name, []]));
  const wall = new Map<string, number[]>(sides.map((side) => [side.name, []]));
  for (let round = 0; round < rounds + 1; round++) {
    for (const side of sides) {
      await prepare();
      const before = process.cpuUsage();
      const started = performance.now();
      await side.run();
      const elapsed = performance.now() - started;
      const used = process.cpuUsage(before);
      if (round === 0) continue;
      cpu.get(side.name)!.push(used.user + used.system);
      wall.get(side.name)!.push(elapsed);
    }
  }
  const base = median(cpu.get(sides[0]!.name)!);
  for (const side of sides) {
    const c = median(cpu.get(side.name)!);
    const w = median(wall.get(side.name)!);
    console.log(
      `${side.name.padEnd(14)} cpu ${(c / units).toFixed(2).padStart(7)} µs/unit  wall ${((w * 1000) / units).toFixed(2).padStart(7)} µs/unit  cpu ratio ${(c / base).toFixed(3)}`,
    );
  }
}

const weather = createWeatherTool({ source: offlineWeatherSource() });

if (scenario === 'stream' || scenario === 'agent-stream') {
  const sim = await startSimulatorProcess(['--chunk-chars', '1']);
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const text = 'abcdefghij'.repeat(deltas / 10);
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'go' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const check = (got: string) => {
    if (got !== text) throw new Error(`stream text differs (${got.length} vs ${text.length} chars)`);
  };
  const raw: Side = {
    name: 'raw',
    async run() {
      const response = await request(`${sim.url}/chat/completions`, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json' },
        body,
      });
      let out = '';
      const parser = createParser({
        onEvent(event) {
          if (event.data === '[DONE]') return;
          const json = JSON.parse(event.data) as { choices: Array<{ delta: { content?: string } }> };
          out += json.choices[0]?.delta.content ?? '';
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of response.body)
        parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      check(out);
    },
  };
  const model = openai('gpt-4o-mini', { baseURL: sim.url, dispatcher });
  const modelStream: Side = {
    name: 'model.stream',
    async run() {
      let out = '';
      for await (const part of model.stream({ messages: [{ role: 'user', content: 'go' }] })) {
        if (part.type === 'text-delta') out += part.delta;
      }
      check(out);
    },
  };
  const agent = createAgent({ model });
  const agentStream: Side = {
    name: 'agent.stream',
    async run() {
      let out = '';
      for await (const event of agent.stream('go')) {
        if (event.type === 'text-delta') out += event.delta;
      }
      check(out);
    },
  };
  const ours = scenario === 'stream' ? modelStream : agentStream;
  const prepare = () => sim.control('script', [{ text }]);
  if (profileOnly) {
    for (let i = 0; i < rounds; i++) {
      await prepare();
      await ours.run();
    }
  } else await measure([raw, modelStream, agentStream], prepare, deltas);
  await dispatcher.close();
  await sim.close();
} else {
  const concurrency = scenario === 'loop' ? 1 : 64;
  const runsPerRound = scenario === 'loop' ? 300 : 5_000;
  const sim = await startSimulatorProcess();
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  const url = `${sim.url}/chat/completions`;
  // The same hand-written raw loop as `pnpm bench`'s raw client.
  const rawLoop = rawClient({ baseURL: sim.url });
  let rawRun = async (): Promise<string> => (rawLoop.toolLoop as () => Promise<string>)();
  const model = openai('gpt-4o-mini', { baseURL: sim.url, dispatcher });
  const agent = createAgent({ model, tools: [weather] });
  // `generate`: one model call each, to tell the HTTP layer's cost from the loop's.
  const callOnly = scenario === 'generate';
  const ourRun = callOnly
    ? async () => (await model.generate({ messages: [{ role: 'user', content: 'hello' }] })).text
    : async () => (await agent.run(prompt)).text;
  const oneCall = async () => {
    const { body } = await request(url, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] }),
    });
    const json = (await body.json()) as { choices: Array<{ message: { content: string } }> };
    return json.choices[0]!.message.content;
  };
  if (callOnly) rawRun = oneCall;
  const [a, b] = [await rawRun(), await ourRun()];
  if (a !== b) throw new Error(`answers differ: ${a} vs ${b}`);
  if (!process.argv.some((arg) => arg.startsWith('--rss='))) {
    await pool(200, concurrency, ourRun);
    await pool(200, concurrency, rawRun);
  }
  const sides: Side[] = [
    { name: 'raw', run: () => pool(runsPerRound, concurrency, rawRun) },
    { name: callOnly ? 'model.generate' : 'agent.run', run: () => pool(runsPerRound, concurrency, ourRun) },
  ];
  const rssSide = process.argv.find((arg) => arg.startsWith('--rss='))?.slice(6);
  if (rssSide !== undefined) {
    // Peak RSS of one side alone (run each side in its own process): sampled every 5 ms.
    const side = sides.find((candidate) => candidate.name === rssSide)!;
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 5);
    for (let i = 0; i < rounds; i++) await side.run();
    clearInterval(sampler);
    console.log(`${side.name} peak rss ${(peak / 2 ** 20).toFixed(1)} MiB`);
  } else if (profileOnly) {
    for (let i = 0; i < rounds; i++) await sides[1]!.run();
  } else await measure(sides, async () => {}, runsPerRound);
  await dispatcher.close();
  await sim.close();
}
