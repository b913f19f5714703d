import type { Usage } from '@toolloop/core';
import type { BatchResultLine } from './batch-types.js';

/** A character JSON.stringify would escape (or a surrogate, which it escapes when alone). */
const needsEscape = /[\u0000-\u001f"\\\ud800-\udfff]/;

const quote = (text: string): string => (needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`);

/** A number as JSON writes it (a finite number's own digits; null otherwise). */
const num = (value: number | undefined): string => (Number.isFinite(value) ? `${value}` : 'null');

/**
 * A Usage's JSON, as JSON.stringify writes core's usage objects (its five fields in order, the
 * optional two only when set) — a third of the line's time when left to JSON.stringify.
 */
function usageJson(usage: Usage): string {
  const { cachedInputTokens: cached, reasoningTokens: reasoning } = usage;
  return `{"inputTokens":${num(usage.inputTokens)},"outputTokens":${num(usage.outputTokens)},"totalTokens":${num(usage.totalTokens)}${cached === undefined ? '' : `,"cachedInputTokens":${num(cached)}`}${reasoning === undefined ? '' : `,"reasoningTokens":${num(reasoning)}`}}`;
}

/**
 * Encodes a result line's JSON — exactly what `JSON.stringify(line)` writes, for core's Usage
 * objects — straight into `buffer` from `offset`, and returns where it ends, or -1 (nothing
 * written) when it might not fit. The line's serialisation is most of what runBatch adds to a
 * small item (issue 13's benchmark). A completed line goes in three writes — the part before
 * its text, the text, the part after — so the long text is never copied into a whole-line string
 * that must be flattened and encoded again (a fifth less time, a kilobyte less garbage per line).
 */
export function encodeLine(line: BatchResultLine, buffer: Buffer, offset: number): number {
  if (line.status !== 'completed') {
    const json = JSON.stringify(line);
    return json.length * 3 > buffer.length - offset ? -1 : offset + buffer.write(json, offset);
  }
  // A text that needs no escaping is written as it is (its quotes go with the parts around it).
  const raw = !needsEscape.test(line.text);
  const head = `{"custom_id":${quote(line.custom_id)},"status":"completed","text":${raw ? '"' : ''}`;
  const text = raw ? line.text : JSON.stringify(line.text);
  const tail = `${raw ? '"' : ''},"stopReason":${quote(line.stopReason)},"usage":${usageJson(line.usage)},"cost":${line.cost === null ? 'null' : num(line.cost)}}`;
  // A UTF-16 code unit is at most 3 UTF-8 bytes.
  if ((head.length + text.length + tail.length) * 3 > buffer.length - offset) return -1;
  let at = offset + buffer.write(head, offset);
  at += buffer.write(text, at);
  return at + buffer.write(tail, at);
}
