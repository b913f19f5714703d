import type { Dispatcher } from 'undici';

/** Thrown by {@link readCappedBody} when a body outgrows its cap; the caller turns it into an APICallError. */
export class BodyTooLarge extends RangeError {
  constructor(
    readonly maxBytes: number,
    readonly declaredBytes: number | undefined,
  ) {
    super(
      declaredBytes === undefined
        ? `the body grew past maxResponseBytes (${maxBytes} bytes)`
        : `the body declares ${declaredBytes} bytes (content-length), over maxResponseBytes (${maxBytes} bytes)`,
    );
  }
}

/**
 * Reads a whole response body as UTF-8, but never more than `maxBytes`: a `content-length` over
 * the cap is refused before reading, and a body that grows past it is destroyed at once (the
 * connection closes; nothing more is buffered).
 */
export async function readCappedBody(
  body: Dispatcher.ResponseData['body'],
  contentLength: string | string[] | undefined,
  maxBytes: number,
): Promise<string> {
  const declared = typeof contentLength === 'string' ? Number(contentLength) : Number.NaN;
  if (Number.isFinite(declared) && declared > maxBytes) {
    body.destroy();
    throw new BodyTooLarge(maxBytes, declared);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    // Leaving the loop by a throw destroys the body: the rest is never read.
    if (size > maxBytes) throw new BodyTooLarge(maxBytes, undefined);
    chunks.push(chunk);
  }
  return chunks.length === 1
    ? (chunks[0] as Buffer).toString('utf8')
    : Buffer.concat(chunks, size).toString('utf8');
}
