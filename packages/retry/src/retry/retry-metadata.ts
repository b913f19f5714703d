/**
 * The keys retry() leaves on a model call's `context.metadata`, declared on core's interface so a
 * middleware that reads them (logging, your own) gets their types.
 */
declare module '@toolloop/core' {
  interface ModelCallMetadata {
    /** Set by retry(): how many retries this model call needed (0 when the first attempt answered). */
    retries?: number;
  }
}

export {};
