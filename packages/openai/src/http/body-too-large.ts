/** A body over its cap (`maxResponseBytes`), declared or as it arrived; generate turns it into an APICallError. */
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
