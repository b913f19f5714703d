/**
 * Best-effort value of a JSON text that is still arriving: an open string is closed, open arrays
 * and objects are closed, and a dangling `,`/`:`, a key without its value or a cut literal (`tr`)
 * is dropped. Undefined when nothing usable has arrived. For showing progress only; not validated.
 * @example parsePartialJson('{"city":"Seo') // → { city: 'Seo' }
 */
export function parsePartialJson(text: string): unknown {
  let candidate = closeOpenString(text);
  for (let attempt = 0; attempt < 4 && candidate.trim() !== ''; attempt++) {
    const trimmed = candidate.replace(/[\s,:]+$/, '');
    try {
      return JSON.parse(trimmed + closersOf(trimmed));
    } catch {
      candidate = trimmed.replace(/(,?\s*"(?:[^"\\]|\\.)*"\s*|[\w.+-]+)$/, '');
    }
  }
  return undefined;
}

/** The text with an unterminated string closed (a cut escape sequence dropped). */
function closeOpenString(text: string): string {
  let inString = false;
  let escapeAt = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (!inString) {
      if (char === '"') inString = true;
    } else if (escapeAt >= 0) {
      escapeAt = -1;
    } else if (char === '\\') {
      escapeAt = i;
    } else if (char === '"') {
      inString = false;
    }
  }
  if (!inString) return text;
  let open = escapeAt >= 0 ? text.slice(0, escapeAt) : text;
  // A cut \uXXXX escape cannot be closed; drop it.
  open = open.replace(/\\u[0-9a-fA-F]{0,3}$/, '');
  return `${open}"`;
}

/** The brackets that close what `text` opened, innermost first (strings skipped). */
function closersOf(text: string): string {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (const char of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') stack.push('}');
    else if (char === '[') stack.push(']');
    else if (char === '}' || char === ']') stack.pop();
  }
  return stack.reverse().join('');
}
