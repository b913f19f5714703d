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
 * What a body destroyed without an error of its own ends with (the code `for await` over a stream
 * reports); the caller wraps it in an APICallError as the cause.
 */
class PrematureClose extends Error {
  readonly code = 'ERR_STREAM_PREMATURE_CLOSE';
  constructor() {
    super('Premature close');
  }
}
const prematureClose = (): PrematureClose => new PrematureClose();

/**
 * Reads a whole response body as UTF-8, but never more than `maxBytes`: a `content-length` over
 * the cap is refused before reading, and a body that grows past it is destroyed at once (the
 * connection closes; nothing more is buffered). Read by `data` events, not `for await`: a stream's
 * async iterator costs more than the read itself for the small bodies of a tool loop.
 */
export function readCappedBody(
  body: Dispatcher.ResponseData['body'],
  contentLength: string | string[] | undefined,
  maxBytes: number,
): Promise<string> {
  const declared = typeof contentLength === 'string' ? Number(contentLength) : Number.NaN;
  if (Number.isFinite(declared) && declared > maxBytes) {
    body.destroy();
    return Promise.reject(new BodyTooLarge(maxBytes, declared));
  }
  if (body.destroyed) return Promise.reject(body.errored ?? prematureClose());
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // The first of end, error, close or the cap settles the promise; `close` always follows.
    let settled = false;
    const fail = (error: unknown): void => {
      settled = true;
      reject(error);
    };
    body.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.byteLength;
      if (size > maxBytes) {
        // The rest is never read: the body is destroyed, the connection closes.
        fail(new BodyTooLarge(maxBytes, undefined));
        body.destroy();
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(
        chunks.length === 1
          ? (chunks[0] as Buffer).toString('utf8')
          : Buffer.concat(chunks, size).toString('utf8'),
      );
    });
    body.once('error', (error: unknown) => {
      if (!settled) fail(error);
    });
    body.once('close', () => {
      if (!settled) fail(prematureClose());
    });
  });
}
