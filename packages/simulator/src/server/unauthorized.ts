import { unauthorizedBody } from '../wire/error-bodies.js';

/**
 * OpenAI's 401 body when a key is required and the `Authorization` header does not carry it, else
 * `undefined`. Every API route (chat, files, batches) checks it the same way.
 */
export function unauthorized(apiKey: string | undefined, authorization: string | undefined): unknown {
  if (apiKey === undefined) return undefined;
  const header = authorization ?? '';
  const provided = header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  return provided === apiKey ? undefined : unauthorizedBody(provided);
}
