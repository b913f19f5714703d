/** The image formats toolloop accepts: what OpenAI-compatible vision APIs take. */
export type SupportedImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** Every SupportedImageType, for validation and error messages. */
export const SUPPORTED_IMAGE_TYPES: readonly SupportedImageType[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
];

function startsWith(bytes: Uint8Array, offset: number, text: string): boolean {
  if (bytes.length < offset + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** True when the bytes look like SVG or other XML: text starting with `<` that mentions `<svg` or `<?xml`. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  // Skip a UTF-8 BOM and leading whitespace, then look at the start of the text only.
  let offset = startsWith(bytes, 0, '\xef\xbb\xbf') ? 3 : 0;
  while (offset < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[offset]!)) offset++;
  if (bytes[offset] !== 0x3c) return false; // '<'
  const head = Buffer.from(bytes.buffer, bytes.byteOffset + offset, Math.min(bytes.length - offset, 4096))
    .toString('latin1')
    .toLowerCase();
  return head.startsWith('<?xml') || head.includes('<svg');
}

/**
 * The image type the bytes really are, read from their magic numbers (PNG, JPEG, GIF, WebP);
 * `image/svg+xml` for SVG/XML text (which toolloop refuses), `undefined` for anything else.
 * @example sniffImageType(await readFile('photo.png')) // 'image/png'
 */
export function sniffImageType(bytes: Uint8Array): SupportedImageType | 'image/svg+xml' | undefined {
  if (startsWith(bytes, 0, '\x89PNG\r\n\x1a\n')) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (startsWith(bytes, 0, 'GIF87a') || startsWith(bytes, 0, 'GIF89a')) return 'image/gif';
  if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return 'image/webp';
  if (looksLikeSvg(bytes)) return 'image/svg+xml';
  return undefined;
}
