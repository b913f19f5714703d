import type { Tool, ToolExecuteContext } from '../tool/tool.js';

/** A hand-written Tool for core's own tests (core cannot depend on @toolloop/tools). */
export function objectTool<Input extends Record<string, unknown>>(options: {
  name: string;
  required?: string[];
  defaults?: Partial<Input>;
  execute: (input: Input, context: ToolExecuteContext) => unknown;
  timeoutMs?: number;
}): Tool<Input> {
  const tool: Tool<Input> = {
    name: options.name,
    description: `test tool ${options.name}`,
    jsonSchema: { type: 'object', properties: {}, required: options.required ?? [] },
    parseInput(input) {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        return { success: false, error: 'expected an object' };
      }
      for (const key of options.required ?? []) {
        if (!(key in input)) return { success: false, error: `${key}: Required` };
      }
      return { success: true, data: { ...options.defaults, ...input } as Input };
    },
    execute: options.execute as Tool<Input>['execute'],
  };
  if (options.timeoutMs !== undefined) (tool as { timeoutMs?: number }).timeoutMs = options.timeoutMs;
  return tool;
}
