/**
 * A deterministic OpenAI-compatible server on loopback, with scripted turns and faults.
 * @module @toolloop/simulator
 */
export { runSimulatorCommand, type SimulatorCommandOptions } from './command/run-simulator-command.js';
export { type Endpoint, type EndpointFromEnvOptions, endpointFromEnv } from './endpoint-from-env.js';
export { redactedCredential, startSimulator } from './server/index.js';
export type {
  ChatMessage,
  ChatRequestBody,
  ContentPart,
  ErrorTurn,
  Fault,
  FunctionDefinition,
  JsonSchema,
  RecordedRequest,
  ScriptedToolCall,
  Simulator,
  SimulatorOptions,
  TextTurn,
  ToolCallsTurn,
  Turn,
  UsageOverride,
} from './types.js';
