/** Width and height of an image in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

function ascii(bytes: Uint8Array, offset: number, text: string): boolean {
  if (bytes.length < offset + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 65536 + u16be(b, i + 2);

function jpegSize(bytes: Uint8Array): ImageSize | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    // Markers without a length: TEM, RSTn, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    // SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(bytes, offset + 5), width: u16be(bytes, offset + 7) };
    }
    offset += 2 + u16be(bytes, offset + 2);
  }
  return undefined;
}

function webpSize(bytes: Uint8Array): ImageSize | undefined {
  if (ascii(bytes, 12, 'VP8X')) return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
  if (ascii(bytes, 12, 'VP8L')) {
    const bits =
      (bytes[21] ?? 0) | ((bytes[22] ?? 0) << 8) | ((bytes[23] ?? 0) << 16) | ((bytes[24] ?? 0) << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (ascii(bytes, 12, 'VP8 '))
    return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
  return undefined;
}

/**
 * An image's size read from its header (PNG, JPEG, GIF, WebP), or `undefined` when the bytes are
 * none of these or cut short. Reads only the header, never decodes pixels.
 * @example imageDimensions(await readFile('cat.png')) // { width: 1024, height: 768 }
 */
export function imageDimensions(bytes: Uint8Array): ImageSize | undefined {
  let size: ImageSize | undefined;
  if (ascii(bytes, 0, '\x89PNG\r\n\x1a\n') && ascii(bytes, 12, 'IHDR') && bytes.length >= 24) {
    size = { width: u32be(bytes, 16), height: u32be(bytes, 20) };
  } else if ((ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) && bytes.length >= 10) {
    size = { width: u16le(bytes, 6), height: u16le(bytes, 8) };
  } else if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    size = jpegSize(bytes);
  } else if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP') && bytes.length >= 30) {
    size = webpSize(bytes);
  }
  return size && size.width > 0 && size.height > 0 ? size : undefined;
}

const DATA_URL = /^data:[^,]*;base64,/i;

/**
 * The size of an image given as bytes, a base64 string or a `data:` URL; `undefined` for an
 * `https:` URL (the bytes are not here) or an unreadable header.
 */
export function imageDimensionsOf(data: Uint8Array | string): ImageSize | undefined {
  if (typeof data !== 'string') return imageDimensions(data);
  const header = DATA_URL.exec(data);
  if (!header && /^[a-z][a-z0-9+.-]*:/i.test(data)) return undefined;
  const base64 = header ? data.slice(header[0].length) : data;
  // PNG, GIF and WebP headers sit in the first 30 bytes; a JPEG's frame header can follow
  // kilobytes of EXIF, so widen the window before decoding the whole image.
  for (const chars of [64, 64 * 1024, Number.POSITIVE_INFINITY]) {
    const prefix = chars >= base64.length ? base64 : base64.slice(0, chars);
    const size = imageDimensions(Buffer.from(prefix, 'base64'));
    if (size || prefix === base64) return size;
  }
  return undefined;
}
