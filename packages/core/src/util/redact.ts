const bearer = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{4,}/gi;
const openaiKey = /\bsk-[A-Za-z0-9_-]{6,}/g;
// True whenever `bearer` or `openaiKey` could match (not global: `test` keeps no state).
const mayHoldToken = /\b(?:bearer\s|sk-)/i;

/**
 * Removes secrets from text bound for an error message or a log: each given secret (API keys),
 * `Bearer …` tokens and `sk-…` style keys.
 * @example throw new Error(redactSecrets(`Request to ${url} failed: ${body}`, [apiKey]));
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4 && out.includes(secret)) out = out.split(secret).join('[REDACTED]');
  }
  // Most text (every response header, on every call) holds neither pattern: skip both replaces.
  if (!mayHoldToken.test(out)) return out;
  return out.replace(bearer, '$1[REDACTED]').replace(openaiKey, '[REDACTED]');
}

const secretHeader = /^(authorization|proxy-authorization|api-key|x-api-key|cookie|set-cookie)$/i;

/** A copy of headers without credentials. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = secretHeader.test(name) ? '[REDACTED]' : value;
  }
  return out;
}
