import type { ImageDetail, ImageUrlPart } from '@toolloop/core';
import { checkImageBytes, DEFAULT_MAX_IMAGE_BYTES } from './check-image-bytes.js';
import { displayUrl } from './display-url.js';
import { ImageInputError } from './image-input-error.js';

/** Options of image.fromUrl. */
export interface ImageFromUrlOptions {
  /** How closely the model looks: 'low', 'high' or 'auto' (passed on as OpenAI's `detail`). */
  detail?: ImageDetail;
}

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/is;

function checkDataUrl(url: string): void {
  const source = displayUrl(url);
  const match = DATA_URL.exec(url);
  const isBase64 = (match?.[2] ?? '').toLowerCase().split(';').includes('base64');
  if (!match || !isBase64) {
    throw new ImageInputError({
      rule: 'invalid-url',
      source,
      message: `The data: URL ${source} is not of the form data:<image type>;base64,<data>. Build image parts from bytes with image.fromBytes(bytes) instead.`,
    });
  }
  const bytes = Buffer.from(match[3] ?? '', 'base64');
  checkImageBytes({
    bytes,
    source,
    maxBytes: DEFAULT_MAX_IMAGE_BYTES,
    declaredType: match[1] === '' ? undefined : match[1],
    declaredBy: 'the data: URL',
  });
}

/**
 * An image part the provider fetches itself: an `http:`/`https:` URL is passed through as is (not
 * downloaded; see `downloadImages` for providers that need bytes), a `data:` URL is checked like
 * bytes. Any other scheme (`file:`, `ftp:`, …) is refused with ImageInputError.
 * @example imageFromUrl('https://example.com/cat.jpg', { detail: 'low' })
 */
export function imageFromUrl(url: string | URL, options: ImageFromUrlOptions = {}): ImageUrlPart {
  const { detail } = options;
  const text = String(url).trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch (cause) {
    throw new ImageInputError({
      rule: 'invalid-url',
      source: displayUrl(text),
      message: `"${displayUrl(text)}" is not an absolute URL. Pass an https:// URL, a data: URL, or use image.fromFile(path) for a local file.`,
      cause,
    });
  }
  let href: string;
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    href = parsed.href;
  } else if (parsed.protocol === 'data:') {
    checkDataUrl(text);
    href = text;
  } else {
    throw new ImageInputError({
      rule: 'scheme',
      source: displayUrl(parsed),
      message: `Image URL ${displayUrl(parsed)} uses the ${parsed.protocol} scheme; only http:, https: and data: URLs are allowed.${parsed.protocol === 'file:' ? ' For a local file use image.fromFile(path, { root }), which checks the path.' : ''}`,
    });
  }
  const part: ImageUrlPart = { type: 'image', url: href };
  if (detail !== undefined) part.detail = detail;
  return part;
}
