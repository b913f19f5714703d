import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { ToolSpec } from '../model/model.js';
import type { OutputSpec } from '../output/output-spec.js';
import { findPrice } from '../pricing/compute-cost.js';
import { defaultPrices } from '../pricing/prices.js';
import type { Tool } from '../tool/tool.js';
import { isValidToolName, TOOL_NAME_RULE } from '../tool/tool-name.js';
import { checkRunCall } from './check-run-call.js';
import { resumePlan } from './resume-plan.js';
import { type LoopConfig, runLoop } from './run-loop.js';
import type { ResumeOptions, RunState } from './run-state.js';
import { streamEvents } from './stream-events.js';
import type { Agent, AgentEvent, AgentOptions, RunInput, RunOptions, RunResult } from './types.js';

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidOptionError({
      option,
      message: `createAgent: ${option} must be a whole number ≥ 1, got ${String(value)}.`,
    });
  }
  return value;
}

function indexTools(tools: readonly Tool[]): Map<string, Tool> {
  const byName = new Map<string, Tool>();
  for (const tool of tools) {
    if (!isValidToolName(tool.name)) {
      throw new InvalidOptionError({
        option: 'tools',
        message: `createAgent: tool name ${JSON.stringify(tool.name)} is not allowed; ${TOOL_NAME_RULE}.`,
      });
    }
    if (byName.has(tool.name)) {
      throw new InvalidOptionError({
        option: 'tools',
        message: `createAgent: two tools are named "${tool.name}"; the model could not tell them apart. Give each tool a unique name.`,
      });
    }
    byName.set(tool.name, tool);
  }
  return byName;
}

/**
 * An agent: a model, tools and middleware, run as a loop until the model answers.
 * @example
 * const agent = createAgent({ model: openai('gpt-4o-mini'), tools: [getWeather] });
 * const { text } = await agent.run('서울 날씨 어때?');
 */
export function createAgent<Output = undefined>(options: AgentOptions<Output>): Agent<Output> {
  if (
    !options ||
    typeof options.model?.generate !== 'function' ||
    typeof options.model?.stream !== 'function'
  ) {
    throw new InvalidOptionError({
      option: 'model',
      message: 'createAgent: `model` is required and must be a Model, e.g. openai("gpt-4o-mini").',
    });
  }
  const tools = options.tools ?? [];
  const toolsByName = indexTools(tools);
  const prices = options.prices ? { ...defaultPrices, ...options.prices } : defaultPrices;
  const budget = options.budget;
  if (budget?.maxTotalTokens !== undefined && !(budget.maxTotalTokens > 0)) {
    throw new InvalidOptionError({
      option: 'budget.maxTotalTokens',
      message: 'createAgent: budget.maxTotalTokens must be a number > 0.',
    });
  }
  if (budget?.maxCostUSD !== undefined) {
    if (!(budget.maxCostUSD > 0)) {
      throw new InvalidOptionError({
        option: 'budget.maxCostUSD',
        message: 'createAgent: budget.maxCostUSD must be a number > 0.',
      });
    }
    if (!findPrice(options.model.modelId, prices)) {
      throw new InvalidOptionError({
        option: 'budget.maxCostUSD',
        message: `createAgent: budget.maxCostUSD needs a price for model "${options.model.modelId}", which the price table lacks. Pass prices: { '${options.model.modelId}': { input, output } } (USD per 1M tokens).`,
      });
    }
  }
  const toolSpecs: ToolSpec[] | undefined = tools.length
    ? tools.map((tool) => {
        const spec: ToolSpec = {
          name: tool.name,
          description: tool.description,
          parameters: tool.jsonSchema,
        };
        if (tool.strict !== undefined) spec.strict = tool.strict;
        return spec;
      })
    : undefined;

  const config: LoopConfig = {
    model: options.model,
    instructions: options.instructions,
    toolsByName,
    toolSpecs,
    middleware: options.middleware ?? [],
    maxSteps: positiveInteger('maxSteps', options.maxSteps, 10),
    settings: options.settings,
    toolChoice: options.toolChoice,
    toolConcurrency: positiveInteger('toolConcurrency', options.toolConcurrency, 8),
    budget,
    prices,
    output: options.output as OutputSpec | undefined,
    outputStrategy: options.outputStrategy,
  };

  async function* resumeLoop(state: RunState, resumeOptions: ResumeOptions, mode: 'generate' | 'stream') {
    const plan = resumePlan(state, resumeOptions, toolsByName);
    const runOptions: RunOptions<unknown> = resumeOptions.signal ? { signal: resumeOptions.signal } : {};
    return yield* runLoop(config, [], runOptions, mode, plan);
  }

  return {
    model: options.model,
    tools,
    async resume(state: RunState, resumeOptions: ResumeOptions): Promise<RunResult<Output>> {
      const loop = resumeLoop(state, resumeOptions, 'generate');
      while (true) {
        const next = await loop.next();
        if (next.done) return next.value as RunResult<Output>;
      }
    },
    resumeStream(state: RunState, resumeOptions: ResumeOptions): AsyncIterable<AgentEvent<Output>> {
      return {
        [Symbol.asyncIterator]: () =>
          streamEvents(() => resumeLoop(state, resumeOptions, 'stream')) as AsyncIterableIterator<
            AgentEvent<Output>
          >,
      };
    },
    async run<RunOutput = Output>(
      input: RunInput,
      runOptions: RunOptions<RunOutput> = {},
    ): Promise<RunResult<RunOutput>> {
      checkRunCall('run', input, runOptions);
      const loop = runLoop(config, input, runOptions, 'generate');
      while (true) {
        const next = await loop.next();
        // The loop is untyped inside; the output was validated against the spec that types it.
        if (next.done) return next.value as RunResult<RunOutput>;
      }
    },
    stream<RunOutput = Output>(
      input: RunInput,
      runOptions: RunOptions<RunOutput> = {},
    ): AsyncIterable<AgentEvent<RunOutput>> {
      return {
        [Symbol.asyncIterator]: () =>
          streamEvents(() => {
            checkRunCall('stream', input, runOptions);
            return runLoop(config, input, runOptions, 'stream');
          }) as AsyncIterableIterator<AgentEvent<RunOutput>>,
      };
    },
  };
}
