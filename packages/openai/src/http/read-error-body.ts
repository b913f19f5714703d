import type { Dispatcher } from 'undici';

/** The most of an error body kept: enough for any real error object, never a whole HTML page or worse. */
export const ERROR_BODY_MAX_BYTES = 64 * 1024;

/**
 * Reads an error answer's body up to `maxBytes` and destroys the rest, so a proxy's endless or huge
 * 5xx page costs neither memory nor time. A body that ends in time leaves the socket reusable.
 */
export async function readErrorBody(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number = ERROR_BODY_MAX_BYTES,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.byteLength;
    // Leaving the loop destroys the body (and with it the connection): nothing more is read.
    if (size >= maxBytes) break;
  }
  return Buffer.concat(chunks, size).subarray(0, maxBytes).toString('utf8');
}
