import type { ImageDataPart, ImageDetail } from '@toolloop/core';
import { checkImageBytes, DEFAULT_MAX_IMAGE_BYTES } from './check-image-bytes.js';
import { ImageInputError } from './image-input-error.js';

/** Options of image.fromBytes. */
export interface ImageFromBytesOptions {
  /** The bytes' type. When omitted it is sniffed (PNG, JPEG, GIF, WebP); when given it must agree with the bytes. */
  mimeType?: string;
  /** How closely the model looks: 'low', 'high' or 'auto' (passed on as OpenAI's `detail`). */
  detail?: ImageDetail;
  /** Refuse more bytes than this. Default 20 MiB. */
  maxBytes?: number;
}

/**
 * An image part from bytes already in memory. The type is sniffed from the magic bytes when
 * `mimeType` is not given; SVG, empty and unrecognisable bytes are refused with ImageInputError.
 * @example
 * const part = imageFromBytes(await readFile('chart.png'), { detail: 'low' });
 * await agent.run([{ role: 'user', content: [{ type: 'text', text: '이 차트를 설명해줘' }, part] }]);
 */
export function imageFromBytes(bytes: Uint8Array, options: ImageFromBytesOptions = {}): ImageDataPart {
  const { mimeType, detail, maxBytes = DEFAULT_MAX_IMAGE_BYTES } = options;
  if (!(bytes instanceof Uint8Array)) {
    throw new ImageInputError({
      rule: 'invalid-data',
      source: 'bytes',
      message: `imageFromBytes expects a Uint8Array (or Buffer), got ${bytes === null ? 'null' : typeof bytes}. For a base64 string use Buffer.from(text, 'base64'); for a file use image.fromFile(path).`,
    });
  }
  const type = checkImageBytes({
    bytes,
    source: 'bytes',
    maxBytes,
    declaredType: mimeType,
    declaredBy: 'the mimeType option',
    trustDeclaredType: true,
  });
  const part: ImageDataPart = { type: 'image', data: bytes, mimeType: type };
  if (detail !== undefined) part.detail = detail;
  return part;
}
