export type { DeepPartial, OutputParseResult, OutputSpec } from './output-spec.js';
export { OutputValidationError, type OutputValidationErrorOptions } from './output-validation-error.js';
export { parsePartialJson } from './parse-partial-json.js';
