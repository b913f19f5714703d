import { ToolloopError } from '@toolloop/core';

/**
 * Which rule an image input broke. Stable strings, so callers can branch on them
 * (`error.rule === 'too-large'`) without parsing messages.
 */
export type ImageInputRule =
  | 'not-found'
  | 'outside-root'
  | 'not-a-file'
  | 'empty'
  | 'too-large'
  | 'changed'
  | 'svg'
  | 'unsupported-type'
  | 'type-mismatch'
  | 'invalid-data'
  | 'invalid-url'
  | 'scheme'
  | 'dns'
  | 'private-address'
  | 'redirect'
  | 'too-many-redirects'
  | 'connection'
  | 'http-status'
  | 'incomplete';

/** Constructor options of ImageInputError. */
export interface ImageInputErrorOptions {
  /** The check that failed. */
  rule: ImageInputRule;
  /** The file path or (credential-free, shortened) URL the image came from; `bytes` for in-memory data. */
  source: string;
  /** What happened, which rule it broke and how to fix it. */
  message: string;
  cause?: unknown;
}

/**
 * An image given as input was refused: a file outside the allowed root, a device, an SVG, a URL
 * pointing at a private address, a download over its size limit… `rule` says which check failed.
 */
export class ImageInputError extends ToolloopError {
  readonly rule: ImageInputRule;
  readonly source: string;

  constructor(options: ImageInputErrorOptions) {
    super({ code: 'image-input', origin: 'user', message: options.message, cause: options.cause });
    this.rule = options.rule;
    this.source = options.source;
  }

  /** True for an ImageInputError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is ImageInputError {
    return ToolloopError.isInstance(error) && error.code === 'image-input';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), rule: this.rule, source: this.source };
  }
}
