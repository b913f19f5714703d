import type { JsonSchema } from '../types.js';

/**
 * The first rule of OpenAI's strict mode a schema breaks, worded like OpenAI's 400 (`In context=(…),
 * 'additionalProperties' is required to be supplied and to be false.`), or undefined. Checks what
 * clients most often get wrong: closed objects and every property required.
 */
export function strictSchemaProblem(schema: unknown, context: string[] = []): string | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  if (Array.isArray(schema)) {
    for (const [index, item] of schema.entries()) {
      const problem = strictSchemaProblem(item, [...context, String(index)]);
      if (problem) return problem;
    }
    return undefined;
  }
  const node = schema as JsonSchema;
  const where = `In context=(${context.map((part) => `'${part}'`).join(', ')})`;
  const isObject = node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object'));
  if (isObject || node.properties) {
    if (node.additionalProperties !== false)
      return `${where}, 'additionalProperties' is required to be supplied and to be false.`;
    const keys = Object.keys(node.properties ?? {});
    const required = new Set(node.required ?? []);
    const missing = keys.find((key) => !required.has(key));
    if (missing !== undefined)
      return `${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'enum' || key === 'const' || key === 'default') continue;
    const problem = strictSchemaProblem(value, [...context, key]);
    if (problem) return problem;
  }
  return undefined;
}
