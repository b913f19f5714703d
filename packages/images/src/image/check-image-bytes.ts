import { ImageInputError } from './image-input-error.js';
import { SUPPORTED_IMAGE_TYPES, sniffImageType } from './sniff-image-type.js';

/** 20 MiB: OpenAI's documented per-image limit, and the default `maxBytes` everywhere here. */
export const DEFAULT_MAX_IMAGE_BYTES = 20 * 1024 * 1024;

const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };

/** Lower-cases a mime type, drops parameters (`; charset=…`) and maps common aliases (`image/jpg`). */
export function normalizeMimeType(mimeType: string): string {
  const bare = (mimeType.split(';')[0] ?? '').trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

export interface CheckImageBytesOptions {
  bytes: Uint8Array;
  /** Path, URL or `bytes`, for messages. */
  source: string;
  maxBytes: number;
  /** A type the caller claimed (mimeType option, file extension, data: URL header). */
  declaredType?: string | undefined;
  /** How the type was claimed, for messages: `the mimeType option`, `its extension ".jpg"`. */
  declaredBy?: string | undefined;
  /** Accept bytes we cannot sniff when a type was declared (only for an explicit mimeType option). */
  trustDeclaredType?: boolean;
}

const SVG_FIX =
  'SVG is refused: it can carry scripts and vision APIs reject it. Convert it to PNG first (e.g. `rsvg-convert in.svg -o out.png`).';

/**
 * Checks bytes meant as an image: not empty, within maxBytes, not SVG, a format we can sniff
 * (or an explicitly declared `image/*` type), and consistent with the declared type.
 * Returns the mime type to send.
 */
export function checkImageBytes(options: CheckImageBytesOptions): string {
  const { bytes, source, maxBytes, declaredBy = 'the declared type', trustDeclaredType = false } = options;
  if (bytes.length === 0) {
    throw new ImageInputError({
      rule: 'empty',
      source,
      message: `Image ${source} is empty (0 bytes). Pass the bytes of a PNG, JPEG, GIF or WebP image.`,
    });
  }
  if (bytes.length > maxBytes) {
    throw new ImageInputError({
      rule: 'too-large',
      source,
      message: `Image ${source} is ${bytes.length} bytes, over the limit of maxBytes=${maxBytes}. Resize or recompress it, or raise maxBytes.`,
    });
  }
  const declared = options.declaredType === undefined ? undefined : normalizeMimeType(options.declaredType);
  const sniffed = sniffImageType(bytes);
  if (sniffed === 'image/svg+xml' || declared === 'image/svg+xml') {
    throw new ImageInputError({ rule: 'svg', source, message: `Image ${source} is SVG/XML. ${SVG_FIX}` });
  }
  if (sniffed === undefined) {
    if (trustDeclaredType && declared !== undefined && /^image\/[a-z0-9.+-]+$/.test(declared))
      return declared;
    throw new ImageInputError({
      rule: 'unsupported-type',
      source,
      message: `Image ${source} is not a PNG, JPEG, GIF or WebP image (its first bytes match none of them). Convert it to one of ${SUPPORTED_IMAGE_TYPES.join(', ')}.`,
    });
  }
  if (declared !== undefined && declared !== sniffed) {
    throw new ImageInputError({
      rule: 'type-mismatch',
      source,
      message: `Image ${source} contains ${sniffed} bytes, but ${declaredBy} says ${declared}. Fix the name or the type so they agree (a mislabelled image is often a sign of a wrong file).`,
    });
  }
  return sniffed;
}
