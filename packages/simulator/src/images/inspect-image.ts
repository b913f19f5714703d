/** What the simulator can honestly read from an image's bytes. */
export interface ImageInfo {
  /** Sniffed from magic bytes; `application/octet-stream` when unknown. */
  mimeType: string;
  width: number | null;
  height: number | null;
}

/**
 * Sniffs the format from magic bytes and reads pixel dimensions from the header: PNG IHDR, GIF
 * logical screen, JPEG SOFn marker, WebP VP8/VP8L/VP8X. Never throws on truncated input.
 */
export function inspectImage(bytes: Uint8Array): ImageInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (offset: number, text: string): boolean => {
    if (bytes.length < offset + text.length) return false;
    for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
    return true;
  };
  if (has(0, '\x89PNG\r\n\x1a\n')) {
    const ok = bytes.length >= 24 && has(12, 'IHDR');
    return {
      mimeType: 'image/png',
      width: ok ? view.getUint32(16) : null,
      height: ok ? view.getUint32(20) : null,
    };
  }
  if (has(0, 'GIF87a') || has(0, 'GIF89a')) {
    const ok = bytes.length >= 10;
    return {
      mimeType: 'image/gif',
      width: ok ? view.getUint16(6, true) : null,
      height: ok ? view.getUint16(8, true) : null,
    };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return { mimeType: 'image/jpeg', ...jpegSize(bytes, view) };
  if (has(0, 'RIFF') && has(8, 'WEBP')) return { mimeType: 'image/webp', ...webpSize(bytes, view, has) };
  return { mimeType: 'application/octet-stream', width: null, height: null };
}

type Size = { width: number | null; height: number | null };
const UNKNOWN: Size = { width: null, height: null };

function jpegSize(bytes: Uint8Array, view: DataView): Size {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return UNKNOWN;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    // Markers without a length field: TEM, RSTn, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return UNKNOWN; // EOI or start of scan before any SOF
    const length = view.getUint16(offset + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (offset + 9 > bytes.length) return UNKNOWN;
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    offset += 2 + length;
  }
  return UNKNOWN;
}

function webpSize(bytes: Uint8Array, view: DataView, has: (offset: number, text: string) => boolean): Size {
  if (has(12, 'VP8 ') && bytes.length >= 30) {
    // Key frame: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return UNKNOWN;
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  if (has(12, 'VP8L') && bytes.length >= 25) {
    if (bytes[20] !== 0x2f) return UNKNOWN;
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (has(12, 'VP8X') && bytes.length >= 30) {
    const u24 = (at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16);
    return { width: u24(24) + 1, height: u24(27) + 1 };
  }
  return UNKNOWN;
}
