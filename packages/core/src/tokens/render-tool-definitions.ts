import type { ToolSpec } from '../model/model.js';

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function literal(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** A default as harmony shows it: `// default: celsius`, objects as JSON. */
function shown(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function typeOf(schema: Schema, indent: number): string {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.map(literal).join(' | ');
  if ('const' in schema) return literal(schema.const);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) {
    return alternatives
      .map((alternative) => (isSchema(alternative) ? typeOf(alternative, indent) : 'any'))
      .join(' | ');
  }
  const type = schema.type;
  if (Array.isArray(type)) return type.map((one) => typeOf({ ...schema, type: one }, indent)).join(' | ');
  switch (type) {
    case 'string':
    case 'boolean':
    case 'null':
      return type;
    case 'integer':
    case 'number':
      return 'number';
    case 'array':
      return isSchema(schema.items) ? `${typeOf(schema.items, indent)}[]` : 'any[]';
    case 'object':
      return `{\n${properties(schema, indent + 2)}\n${' '.repeat(indent)}}`;
    default:
      return 'any';
  }
}

function properties(schema: Schema, indent: number): string {
  if (!isSchema(schema.properties)) return '';
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    if (!isSchema(property)) continue;
    // Nested properties lose their descriptions in the rendering the counts were measured on.
    if (typeof property.description === 'string' && indent < 2)
      lines.push(`${pad}// ${property.description}`);
    const optional = required.has(name) ? '' : '?';
    const fallback = 'default' in property ? ` // default: ${shown(property.default)}` : '';
    lines.push(`${pad}${name}${optional}: ${typeOf(property, indent)},${fallback}`);
  }
  return lines.join('\n');
}

/**
 * Tool definitions as OpenAI's chat models read them: a TypeScript namespace in the system
 * message. The format is OpenAI's published one for gpt-oss (harmony) and the one OpenAI staff
 * described for chat models; with 9 tokens of framing it reproduces the API's reported
 * prompt_tokens for the cookbook's weather tool (101 on gpt-4o, 105 on gpt-4) and for the
 * community's measured function shapes. Schema features beyond those shapes are approximate.
 */
export function renderToolDefinitions(tools: readonly ToolSpec[]): string {
  const lines = ['namespace functions {', ''];
  for (const tool of tools) {
    if (tool.description) lines.push(`// ${tool.description}`);
    const body = properties(tool.parameters, 0);
    if (body === '') lines.push(`type ${tool.name} = () => any;`);
    else lines.push(`type ${tool.name} = (_: {`, body, '}) => any;');
    lines.push('');
  }
  lines.push('} // namespace functions');
  return lines.join('\n');
}
