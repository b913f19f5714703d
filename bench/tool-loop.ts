// 2-step tool loop: toolloop vs a hand-written raw undici loop making the same HTTP calls, on the
// simulator in its own process. Rounds alternate A/B so drift hits both sides alike.
import { createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { createWeatherTool, offlineWeatherSource } from '@toolloop/tools';
import { Agent, request } from 'undici';
import { alternate, pool, startSimulatorProcess } from './simulator-process.js';

const prompt = '서울 날씨 어때?';

export interface LoopResult {
  name: string;
  concurrency: number;
  runs: number;
  rawMsPerRun: number;
  toolloopMsPerRun: number;
  ratio: number;
  /** Client CPU time per run, toolloop over raw: robust to a busy machine where wall time is not. */
  cpuRatio: number;
  simulatorCpuShare: number;
}

export async function benchToolLoop(options: {
  concurrency: number;
  runsPerRound: number;
  rounds: number;
}): Promise<LoopResult> {
  const sim = await startSimulatorProcess();
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  const weather = createWeatherTool({ source: offlineWeatherSource() });
  const tools = [
    {
      type: 'function',
      function: { name: weather.name, description: weather.description, parameters: weather.jsonSchema },
    },
  ];
  const url = `${sim.url}/chat/completions`;

  // The raw loop: what a careful user would hand-write on undici.request, with no framework.
  async function rawRun(): Promise<string> {
    const messages: unknown[] = [{ role: 'user', content: prompt }];
    for (let step = 0; step < 4; step++) {
      const { body } = await request(url, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages, tools }),
      });
      const json = (await body.json()) as {
        choices: Array<{
          message: {
            content: string | null;
            tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
          };
        }>;
      };
      const message = json.choices[0]!.message;
      if (!message.tool_calls?.length) return message.content ?? '';
      messages.push(message);
      for (const call of message.tool_calls) {
        const input = weather.parseInput(JSON.parse(call.function.arguments));
        if (!input.success) throw new Error(input.error);
        const output = await weather.execute(input.data, {
          signal: new AbortController().signal,
          toolCallId: call.id,
          runId: 'raw',
          step,
          messages: [],
        });
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(output) });
      }
    }
    throw new Error('raw loop did not finish');
  }

  const agent = createAgent({
    model: openai('gpt-4o-mini', { baseURL: sim.url, dispatcher }),
    tools: [weather],
  });
  const toolloopRun = async () => (await agent.run(prompt)).text;

  // Same answers, or the comparison means nothing.
  const [rawText, ourText] = [await rawRun(), await toolloopRun()];
  if (rawText !== ourText) throw new Error(`answers differ: ${rawText} vs ${ourText}`);
  await pool(200, options.concurrency, () => rawRun());
  await pool(200, options.concurrency, () => toolloopRun());

  const measured = await alternate({
    sim,
    rounds: options.rounds,
    raw: () => pool(options.runsPerRound, options.concurrency, rawRun),
    ours: () => pool(options.runsPerRound, options.concurrency, toolloopRun),
  });
  await dispatcher.close();
  await sim.close();
  const rawMs = measured.rawMs / options.runsPerRound;
  const oursMs = measured.oursMs / options.runsPerRound;
  return {
    name: 'tool-loop',
    concurrency: options.concurrency,
    runs: options.runsPerRound * options.rounds,
    rawMsPerRun: rawMs,
    toolloopMsPerRun: oursMs,
    ratio: oursMs / rawMs,
    cpuRatio: measured.oursCpu / measured.rawCpu,
    simulatorCpuShare: measured.simulatorCpuShare,
  };
}
