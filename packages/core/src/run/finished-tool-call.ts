import type { ToolResult } from './types.js';

/** A tool call of a step that has finished (or was decided without running). */
export interface FinishedToolCall {
  /** Position of the call in the model's response. */
  index: number;
  result: ToolResult;
  /** What the model reads. */
  content: string;
}
