import { inspectImage } from '../images/inspect-image.js';
import type { ChatMessage, ChatRequestBody, ContentPart, JsonSchema } from '../types.js';
import type { Tokenizer } from './tokenizer.js';

// OpenAI's chat framing (cookbook "How to count tokens with tiktoken"): 3 tokens per message plus
// its role (or name + 1), 3 to prime the reply. Tool calls, tool results and tool definitions
// follow the community's measurements against prompt_tokens (docs/usage-and-cost.md).
const PER_MESSAGE = 3;
const REPLY_PRIMING = 3;
const PER_TOOL_CALL = 3;
const TOOLS_FRAMING = 9;
const TOOLS_IN_SYSTEM = -4;

// Image tokens by OpenAI's tile rule; gpt-4o-mini bills more tokens per tile at its lower price.
function imageTokens(width: number, height: number, detail: string | undefined, model: string): number {
  const mini = /(?:^|\/)gpt-4o-mini/.test(model);
  const base = mini ? 2833 : 85;
  const perTile = mini ? 5667 : 170;
  if (detail === 'low') return base;
  const fit = Math.min(1, 2048 / Math.max(width, height));
  let w = width * fit;
  let h = height * fit;
  const shortest = Math.min(w, h);
  if (shortest > 768) {
    w = (w * 768) / shortest;
    h = (h * 768) / shortest;
  }
  return base + perTile * Math.ceil(Math.floor(w) / 512) * Math.ceil(Math.floor(h) / 512);
}

const DATA_URL = /^data:[^,]*;base64,/i;

function imagePartTokens(part: ContentPart, model: string): number {
  const image = part.image_url;
  const url = typeof image === 'string' ? image : image?.url;
  const detail = typeof image === 'object' ? image?.detail : undefined;
  let width = 1024;
  let height = 1024; // a URL the simulator does not fetch counts as a 1024×1024 photo
  const header = typeof url === 'string' ? DATA_URL.exec(url) : null;
  if (url && header) {
    const info = inspectImage(Buffer.from(url.slice(header[0].length), 'base64'));
    if (info.width && info.height) ({ width, height } = info);
  }
  return imageTokens(width, height, detail, model);
}

function contentTokens(content: ChatMessage['content'], count: Tokenizer['count'], model: string): number {
  if (typeof content === 'string') return count(content);
  if (!Array.isArray(content)) return 0;
  let tokens = 0;
  for (const part of content) {
    if (part?.type === 'text' && typeof part.text === 'string') tokens += count(part.text);
    else if (part?.type === 'image_url') tokens += imagePartTokens(part, model);
  }
  return tokens;
}

function schemaType(schema: JsonSchema, indent: number): string {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum
      .map((value) => (typeof value === 'string' ? JSON.stringify(value) : String(value)))
      .join(' | ');
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string' || type === 'boolean' || type === 'null') return type;
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'array') return schema.items ? `${schemaType(schema.items as JsonSchema, indent)}[]` : 'any[]';
  if (type === 'object') return `{\n${schemaProperties(schema, indent + 2)}\n${' '.repeat(indent)}}`;
  return 'any';
}

function schemaProperties(schema: JsonSchema, indent: number): string {
  const required = new Set(schema.required ?? []);
  const lines: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (property.description && indent < 2) lines.push(`${' '.repeat(indent)}// ${property.description}`);
    const fallback =
      'default' in property
        ? ` // default: ${typeof property.default === 'object' ? JSON.stringify(property.default) : String(property.default)}`
        : '';
    lines.push(
      `${' '.repeat(indent)}${name}${required.has(name) ? '' : '?'}: ${schemaType(property, indent)},${fallback}`,
    );
  }
  return lines.join('\n');
}

/** Tool definitions as the model reads them: a TypeScript namespace in the system message. */
function functionsText(request: ChatRequestBody): string | undefined {
  const functions = Array.isArray(request.tools)
    ? request.tools.map((tool) => tool?.function).filter((fn) => fn?.name)
    : Array.isArray(request.functions)
      ? request.functions
      : [];
  if (functions.length === 0) return undefined;
  const lines = ['namespace functions {', ''];
  for (const fn of functions) {
    if (fn.description) lines.push(`// ${fn.description}`);
    const body = fn.parameters ? schemaProperties(fn.parameters, 0) : '';
    if (body === '') lines.push(`type ${fn.name} = () => any;`);
    else lines.push(`type ${fn.name} = (_: {`, body, '}) => any;');
    lines.push('');
  }
  lines.push('} // namespace functions');
  return lines.join('\n');
}

/** prompt_tokens of a request, counted as OpenAI counts them. */
export function promptTokens(request: ChatRequestBody, tokenizer: Tokenizer, model: string): number {
  const count = tokenizer.count;
  const functions = functionsText(request);
  const toolNames = new Map<string, string>();
  let tokens = REPLY_PRIMING;
  let padded = false;
  let hasSystem = false;
  for (const message of request.messages) {
    tokens += PER_MESSAGE;
    const system = message.role === 'system' || message.role === 'developer';
    hasSystem ||= system;
    if (message.role === 'tool' || message.role === 'function') {
      // A result is framed under the tool's name instead of a role.
      const name = message.name ?? toolNames.get(message.tool_call_id ?? '') ?? '';
      tokens += count(name) + contentTokens(message.content, count, model);
      continue;
    }
    tokens += message.name ? count(message.name) + 2 : 1;
    let content = message.content;
    if (
      system &&
      functions &&
      !padded &&
      typeof content === 'string' &&
      content !== '' &&
      !content.endsWith('\n')
    ) {
      content = `${content}\n`;
    }
    if (system) padded = true;
    tokens += contentTokens(content, count, model);
    for (const call of message.tool_calls ?? []) {
      toolNames.set(call.id, call.function.name);
      tokens += count(call.function.name) + count(call.function.arguments) + PER_TOOL_CALL;
    }
    if (message.function_call) {
      tokens += count(message.function_call.name) + count(message.function_call.arguments) + PER_TOOL_CALL;
    }
  }
  if (functions) tokens += count(functions) + TOOLS_FRAMING + (hasSystem ? TOOLS_IN_SYSTEM : 0);
  const choice = request.tool_choice ?? request.function_call;
  if (choice === 'none') tokens += 1;
  else if (typeof choice === 'object' && choice !== null) {
    const name =
      (choice as { function?: { name?: string }; name?: string }).function?.name ??
      (choice as { name?: string }).name;
    if (typeof name === 'string') tokens += count(name) + 4;
  }
  return tokens;
}

/** completion_tokens of a reply: its text and its tool calls' names and arguments. */
export function completionTokens(
  text: string | null,
  toolCalls: ReadonlyArray<{ name: string; arguments: string }>,
  tokenizer: Tokenizer,
): number {
  let tokens = tokenizer.count(text ?? '');
  for (const call of toolCalls) tokens += tokenizer.count(call.name) + tokenizer.count(call.arguments);
  return tokens;
}
