import type { ChatMessage } from '../types.js';
import { messageText } from './request-text.js';

const LABEL_KEYS = ['city', 'location', 'place', 'name', 'title'];
/** Keys that say where data came from, not what it says: not read out. */
const QUIET_KEYS = new Set(['unit', 'units', 'source']);
const HANGUL = /[\u3131-\u318e\uac00-\ud7a3]/;

type Language = 'ko' | 'en';

function scalar(value: unknown, language: Language): string | undefined {
  if (value === null) return language === 'ko' ? '없음' : 'none';
  if (typeof value === 'string') return value.length > 60 ? `${value.slice(0, 57)}...` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return language === 'ko' ? `${value.length}개 항목` : `${value.length} items`;
  return undefined;
}

const numberOf = (object: Record<string, unknown>, ...keys: string[]): number | undefined => {
  for (const key of keys) if (typeof object[key] === 'number') return object[key] as number;
  return undefined;
};

/** A weather report as a person would say it, from the fields it has (temperature, sky, humidity, wind). */
function weatherSentence(
  label: string,
  object: Record<string, unknown>,
  language: Language,
): string | undefined {
  const temperature = numberOf(object, 'temperature', 'temp');
  if (temperature === undefined) return undefined;
  const unit = String(object.unit ?? object.units ?? 'celsius')
    .toLowerCase()
    .startsWith('f')
    ? '°F'
    : '°C';
  const sky = typeof object.condition === 'string' ? object.condition : undefined;
  const humidity = numberOf(object, 'humidity');
  const wind = numberOf(object, 'windKph', 'wind_kph', 'wind');
  const offline = object.source === 'offline';
  if (language === 'ko') {
    let text = `${label}의 현재 기온은 ${temperature}${unit}`;
    text += sky ? `이고, 날씨는 ${sky}입니다.` : '입니다.';
    const more: string[] = [];
    if (humidity !== undefined) more.push(`습도는 ${humidity}%`);
    if (wind !== undefined) more.push(`바람은 시속 ${wind}km`);
    if (more.length > 0) text += ` ${more.join(', ')}입니다.`;
    if (offline) text += ' (오프라인 예시 데이터)';
    return text;
  }
  let text = `It is ${temperature}${unit} in ${label}${sky ? `, ${sky}` : ''}`;
  const more: string[] = [];
  if (humidity !== undefined) more.push(`${humidity}% humidity`);
  if (wind !== undefined) more.push(`wind at ${wind} km/h`);
  text += more.length > 0 ? `, with ${more.join(' and ')}.` : '.';
  if (offline) text += ' (offline sample data)';
  return text;
}

function renderObject(fallbackLabel: string, object: Record<string, unknown>, language: Language): string {
  const labelKey = LABEL_KEYS.find((key) => typeof object[key] === 'string');
  const label = labelKey ? String(object[labelKey]) : fallbackLabel;
  const weather = weatherSentence(label, object, language);
  if (weather) return weather;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (key === labelKey || QUIET_KEYS.has(key)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) continue;
    const text = scalar(value, language);
    if (text !== undefined) parts.push(language === 'ko' ? `${key}은(는) ${text}` : `${key} is ${text}`);
  }
  if (parts.length === 0)
    return language === 'ko' ? `${label}의 결과를 받았습니다.` : `Got the result for ${label}.`;
  return language === 'ko' ? `${label}: ${parts.join(', ')}입니다.` : `${label}: ${parts.join(', ')}.`;
}

function failed(name: string, reason: string, language: Language): string {
  return language === 'ko' ? `${name} 도구가 실패했습니다: ${reason}` : `${name} failed: ${reason}`;
}

function renderResult(name: string, content: string, language: Language): string {
  const trimmed = content.trim();
  if (/^error/i.test(trimmed)) return failed(name, trimmed, language);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return `${name}: ${trimmed.length > 200 ? `${trimmed.slice(0, 197)}...` : trimmed}`;
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const object = parsed as Record<string, unknown>;
    if ('error' in object && Object.keys(object).length <= 2) {
      return failed(
        name,
        typeof object.error === 'string' ? object.error : JSON.stringify(object.error),
        language,
      );
    }
    return renderObject(name, object, language);
  }
  if (Array.isArray(parsed))
    return language === 'ko' ? `${name}: ${parsed.length}개 항목` : `${name}: ${parsed.length} items`;
  return `${name}: ${String(parsed)}`;
}

/** The language of the conversation: Korean when the last user message has Hangul, else English. */
function languageOf(messages: ChatMessage[]): Language {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user') return HANGUL.test(messageText(message)) ? 'ko' : 'en';
  }
  return 'en';
}

/**
 * The trailing tool (or legacy function) messages as sentences, one per result, in the language of
 * the question: a weather result reads `서울의 현재 기온은 21°C이고, 날씨는 맑음입니다. 습도는 45%…`,
 * another object `<label>: key은(는) value`, a failure `<tool> 도구가 실패했습니다: …`. Deterministic,
 * and derived only from the tool results.
 */
export function summarizeToolResults(messages: ChatMessage[]): string {
  const language = languageOf(messages);
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
      return renderResult(name, messageText(message), language);
    })
    .join('\n');
}
