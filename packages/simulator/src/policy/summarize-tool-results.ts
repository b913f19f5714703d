import type { ChatMessage } from '../types.js';
import { messageText } from './request-text.js';

const LABEL_KEYS = ['city', 'location', 'place', 'name', 'title'];

function scalar(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 60 ? `${value.slice(0, 57)}...` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.length}]`;
  return undefined;
}

function renderObject(fallbackLabel: string, object: Record<string, unknown>): string {
  const labelKey = LABEL_KEYS.find((key) => typeof object[key] === 'string');
  const label = labelKey ? String(object[labelKey]) : fallbackLabel;
  const unit = String(object.unit ?? object.units ?? 'celsius').toLowerCase();
  const parts: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (key === labelKey || key === 'unit' || key === 'units') continue;
    if ((key === 'temperature' || key === 'temp') && typeof value === 'number') {
      parts.push(`${value}°${unit.startsWith('f') ? 'F' : 'C'}`);
      continue;
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      parts.push(`${key}={…}`);
      continue;
    }
    const text = scalar(value);
    if (text !== undefined) parts.push(`${key}=${text}`);
  }
  return `${label}: ${parts.join(', ')}`;
}

function renderResult(name: string, content: string): string {
  const trimmed = content.trim();
  if (/^error/i.test(trimmed)) return `${name} failed: ${trimmed}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return `${name}: ${trimmed.length > 200 ? `${trimmed.slice(0, 197)}...` : trimmed}`;
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const object = parsed as Record<string, unknown>;
    if ('error' in object && Object.keys(object).length <= 2) {
      return `${name} failed: ${typeof object.error === 'string' ? object.error : JSON.stringify(object.error)}`;
    }
    return renderObject(name, object);
  }
  if (Array.isArray(parsed)) return `${name}: ${parsed.length} items`;
  return `${name}: ${String(parsed)}`;
}

/**
 * The trailing tool (or legacy function) messages, one line each:
 * `서울: 21°C, condition=맑음` for a result with a city, `<tool>: key=value, …` otherwise,
 * `<tool> failed: Error: …` when the result starts with "Error".
 */
export function summarizeToolResults(messages: ChatMessage[]): string {
  const names = new Map<string, string>();
  for (const message of messages) {
    for (const call of message.tool_calls ?? []) names.set(call.id, call.function?.name ?? call.id);
  }
  const results: ChatMessage[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!message || (message.role !== 'tool' && message.role !== 'function')) break;
    results.unshift(message);
  }
  return results
    .map((message) => {
      const name =
        message.name ??
        (message.tool_call_id ? (names.get(message.tool_call_id) ?? message.tool_call_id) : 'tool');
      return renderResult(name, messageText(message));
    })
    .join('\n');
}
