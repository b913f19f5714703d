import { errorBody } from '../wire/error-bodies.js';

/**
 * The 400 body for a chat-completions request without a `messages` array, or `undefined` when it has
 * one. Synchronous calls and batch lines answer it alike.
 */
export function missingMessagesError(body: unknown): ReturnType<typeof errorBody> | undefined {
  if (typeof body === 'object' && body !== null && Array.isArray((body as { messages?: unknown }).messages)) {
    return undefined;
  }
  return errorBody(
    "Missing required parameter: 'messages'.",
    'invalid_request_error',
    'missing_required_parameter',
    'messages',
  );
}
