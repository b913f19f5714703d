import type { Middleware } from '../middleware/middleware.js';
import type { Model, ModelSettings, StructuredOutputStrategy, ToolChoice, ToolSpec } from '../model/model.js';
import type { OutputSpec } from '../output/output-spec.js';
import type { PriceTable } from '../pricing/prices.js';
import type { Tool } from '../tool/tool.js';
import type { Budget } from './types.js';

/** Everything a run needs, fixed at createAgent. Shared by concurrent runs, never mutated. */
export interface LoopConfig {
  model: Model;
  instructions: string | undefined;
  toolsByName: ReadonlyMap<string, Tool>;
  toolSpecs: ToolSpec[] | undefined;
  middleware: readonly Middleware[];
  maxSteps: number;
  settings: ModelSettings | undefined;
  toolChoice: ToolChoice | undefined;
  toolConcurrency: number;
  budget: Budget | undefined;
  prices: PriceTable;
  /** The typed answer the agent asks for by default (a run may override it). */
  output: OutputSpec | undefined;
  outputStrategy: StructuredOutputStrategy | undefined;
}
