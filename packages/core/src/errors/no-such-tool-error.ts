import { ToolloopError } from './toolloop-error.js';

/** Constructor options of NoSuchToolError. */
export interface NoSuchToolErrorOptions {
  /** The name the model called. */
  toolName: string;
  /** The names of the tools the agent has. */
  availableTools: string[];
}

/** The model called a tool the agent does not have. Fed back to the model with the list of tools. */
export class NoSuchToolError extends ToolloopError {
  readonly toolName: string;
  /** The names of the tools the agent has, so the model can pick a real one. */
  readonly availableTools: string[];

  constructor({ toolName, availableTools }: NoSuchToolErrorOptions) {
    super({
      code: 'no-such-tool',
      origin: 'model',
      message: `The model called a tool named "${toolName}", which this agent does not have. Available tools: ${availableTools.length ? availableTools.join(', ') : '(none)'}.`,
    });
    this.toolName = toolName;
    this.availableTools = availableTools;
  }

  /** True for a NoSuchToolError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is NoSuchToolError {
    return ToolloopError.isInstance(error) && error.code === 'no-such-tool';
  }
}
