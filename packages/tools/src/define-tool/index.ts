export {
  type DefinedToolOutput,
  type DefineToolOptions,
  defineTool,
  type ResultConstraint,
} from './define-tool.js';
export type {
  InferSchemaInput,
  InferSchemaOutput,
  ZodSchemaLike,
  ZodV3SchemaLike,
  ZodV4SchemaLike,
} from './zod-schema.js';
