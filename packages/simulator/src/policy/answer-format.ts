import type { ChatMessage, ChatRequestBody, JsonSchema } from '../types.js';
import { fillArguments } from './fill-arguments.js';
import { messageText } from './request-text.js';

/** What shape the request wants the answer in: free text, a JSON object, or JSON matching a schema. */
export type AnswerFormat = { kind: 'text' } | { kind: 'json'; schema: JsonSchema | undefined };

/**
 * Reads `response_format`: `json_schema` → its schema; `json_object` → a schema found in a system
 * message (JSON mode prompts carry one), else any object. Anything else is free text.
 */
export function answerFormat(request: ChatRequestBody): AnswerFormat {
  const format = request.response_format as
    | { type?: string; json_schema?: { schema?: JsonSchema } }
    | undefined
    | null;
  if (format?.type === 'json_schema') return { kind: 'json', schema: format.json_schema?.schema };
  if (format?.type === 'json_object') return { kind: 'json', schema: schemaInPrompt(request.messages) };
  return { kind: 'text' };
}

function schemaInPrompt(messages: ChatMessage[]): JsonSchema | undefined {
  for (const message of messages) {
    if (message.role !== 'system' && message.role !== 'developer') continue;
    const match = messageText(message).match(/\{[\s\S]*"properties"[\s\S]*\}/);
    if (!match) continue;
    try {
      return JSON.parse(match[0]) as JsonSchema;
    } catch {
      // not a schema after all
    }
  }
  return undefined;
}

/** Every scalar field of the JSON objects the tools returned, by key (later results win). */
function toolFacts(messages: ChatMessage[]): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const message of messages) {
    if (message.role !== 'tool' && message.role !== 'function') continue;
    try {
      const value = JSON.parse(messageText(message)) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(facts, value);
    } catch {
      // a text result has no fields
    }
  }
  return facts;
}

function fits(schema: JsonSchema | undefined, value: unknown): boolean {
  const types = schema?.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (Array.isArray(schema?.enum)) return schema.enum.includes(value);
  if (types.length === 0) return true;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return types.some((type) => type === actual || (type === 'integer' && Number.isInteger(value)));
}

/**
 * A JSON answer for `schema`: fields the tools reported (same key, fitting type) are copied, the
 * rest filled like tool arguments (city-like fields get the city, strings the prompt, numbers 1).
 * Without a schema: `{ "answer": text }`.
 */
export function jsonAnswer(
  schema: JsonSchema | undefined,
  request: ChatRequestBody,
  prompt: string,
  city: string,
  text: string,
): string {
  if (!schema) return JSON.stringify({ answer: text });
  const answer = fillArguments(schema, prompt, city);
  const facts = toolFacts(request.messages);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (key in facts && fits(property, facts[key])) answer[key] = facts[key];
  }
  return JSON.stringify(answer);
}
