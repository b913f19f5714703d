import type { BatchResultLine } from './batch-types.js';

/** A character JSON.stringify would escape (or a surrogate, which it escapes when alone). */
const needsEscape = /[\u0000-\u001f"\\\ud800-\udfff]/;

const quote = (text: string): string => (needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`);

/**
 * A result line's JSON, exactly as `JSON.stringify(line)` writes it: a completed line is put
 * together by hand, its strings quoted without the escaping pass when they need none (the line's
 * serialisation is most of what runBatch adds to a small item; issue 13's benchmark).
 */
export function lineJson(line: BatchResultLine): string {
  if (line.status !== 'completed') return JSON.stringify(line);
  return `{"custom_id":${quote(line.custom_id)},"status":"completed","text":${quote(line.text)},"stopReason":${quote(line.stopReason)},"usage":${JSON.stringify(line.usage)},"cost":${JSON.stringify(line.cost)}}`;
}
