export type { BatchItemRef } from './batch-item-ref.js';
export { createAgent } from './create-agent.js';
export type {
  CompletedToolCall,
  PendingApproval,
  ResumeOptions,
  RunState,
  ToolRejection,
} from './run-state.js';
export type {
  Agent,
  AgentEvent,
  AgentOptions,
  Budget,
  RunInput,
  RunOptions,
  RunResult,
  StepResult,
  StopReason,
  ToolResult,
} from './types.js';
