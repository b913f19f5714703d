/**
 * JSON with object keys sorted (recursively) and `undefined` members dropped, so two requests
 * that mean the same thing serialise to the same text whatever order their keys were built in.
 * Arrays keep their order (message order matters); `undefined` in an array becomes `null`, as in
 * JSON.stringify. Non-finite numbers become `null`. Bytes never reach this function: callers
 * replace them by their digest first.
 * @example canonicalJson({ b: 1, a: [true, undefined] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  // Rebuilding the objects with sorted keys and letting the native JSON.stringify do the writing
  // is several times faster than writing the text by hand, and this runs on every cached call.
  // (Integer-like keys, which V8 always orders first and numerically, stay deterministic too.)
  return JSON.stringify(sorted(value)) ?? 'null';
}

function sorted(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(sorted);
  const record = value as Record<string, unknown>;
  if (typeof record.toJSON === 'function') return sorted((record as { toJSON(): unknown }).toJSON());
  const keys = Object.keys(record).sort();
  // A null prototype keeps an own member named `__proto__` as data (on `{}` the assignment would
  // set the prototype and the member would vanish, giving two different requests one key).
  const out: Record<string, unknown> = Object.create(null);
  for (const key of keys) {
    const member = record[key];
    if (member !== undefined) out[key] = sorted(member);
  }
  return out;
}
