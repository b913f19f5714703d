import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AgentOptions, InvalidOptionError } from '@toolloop/core';
import { createWorker } from '@toolloop/queue';

/** Options of {@link runWorker}: what `toolloop worker` was given. */
export interface RunWorkerOptions {
  queue: string;
  agent: string;
  name: string;
  concurrency: number;
  cwd: string;
}

const mustExport =
  'export `agent`: the agent\'s options (what you pass to createAgent, e.g. { model: openai("gpt-4o-mini"), tools: [getWeather] }) or a function returning them';

/** Loads a worker module and returns the agent options it exports as `agent` (or default). */
export async function loadAgentModule(path: string, cwd: string): Promise<AgentOptions> {
  const url = pathToFileURL(resolve(cwd, path)).href;
  let loaded: Record<string, unknown>;
  try {
    loaded = await import(url);
  } catch (error) {
    throw new InvalidOptionError({
      option: 'agent',
      message: `toolloop worker: could not load --agent ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
  let agent = loaded.agent ?? loaded.default;
  if (typeof agent === 'function') agent = await (agent as () => unknown)();
  const model = (agent as AgentOptions | undefined)?.model;
  if (typeof model?.generate !== 'function' || typeof (agent as { run?: unknown }).run === 'function') {
    const found = Object.keys(loaded).join(', ') || 'nothing';
    throw new InvalidOptionError({
      option: 'agent',
      message: `toolloop worker: ${path} must ${mustExport}. It exports: ${found}.`,
    });
  }
  return agent as AgentOptions;
}

/** `toolloop worker`: serves the queue with the module's agent until SIGINT/SIGTERM, then finishes the jobs in hand. */
export async function runWorker(options: RunWorkerOptions): Promise<void> {
  const agent = await loadAgentModule(options.agent, options.cwd);
  const worker = await createWorker({
    connection: options.queue,
    name: options.name,
    agent,
    concurrency: options.concurrency,
  });
  console.log(
    `toolloop worker ${process.pid}: serving queue "${options.name}" with concurrency ${options.concurrency}`,
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await worker.close();
}
