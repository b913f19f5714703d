export { checkStrictJsonSchema, type StrictSchemaProblem } from './check-strict-json-schema.js';
export type { JsonSchema } from './json-schema.js';
export { strictFormats, strictLimits } from './strict-subset.js';
export { type LooseJsonSchema, type RootWrapOptions, toLooseJsonSchema } from './to-loose-json-schema.js';
export {
  type StrictJsonSchemaResult,
  type ToStrictJsonSchemaOptions,
  toStrictJsonSchema,
} from './to-strict-json-schema.js';
