import { describe, expect, it } from 'vitest';
import { sniffImageType } from './sniff-image-type.js';
import { GIF_HEAD, JPEG_HEAD, png, SVG, WEBP_HEAD } from './test-utils.js';

describe('sniffImageType', () => {
  it('reads PNG, JPEG, GIF and WebP magic bytes', () => {
    expect(sniffImageType(png(2, 2))).toBe('image/png');
    expect(sniffImageType(JPEG_HEAD)).toBe('image/jpeg');
    expect(sniffImageType(GIF_HEAD)).toBe('image/gif');
    expect(sniffImageType(WEBP_HEAD)).toBe('image/webp');
  });

  it('recognises SVG with or without an XML declaration, BOM and leading whitespace', () => {
    expect(sniffImageType(SVG)).toBe('image/svg+xml');
    expect(sniffImageType(Buffer.from('\ufeff  \n<svg width="1"/>'))).toBe('image/svg+xml');
    expect(sniffImageType(Buffer.from('<!-- x --><SVG></SVG>'))).toBe('image/svg+xml');
  });

  it('returns undefined for other bytes, including HTML and a RIFF that is not WebP', () => {
    expect(sniffImageType(Buffer.from('<html><body>404</body></html>'))).toBeUndefined();
    expect(sniffImageType(Buffer.from('RIFF\x00\x00\x00\x00WAVEfmt ', 'latin1'))).toBeUndefined();
    expect(sniffImageType(new Uint8Array([0x89, 0x50]))).toBeUndefined();
    expect(sniffImageType(new Uint8Array(0))).toBeUndefined();
  });

  it('reads a view into a larger buffer at its own offset', () => {
    const backing = Buffer.concat([Buffer.from('junk'), png(1, 1)]);
    expect(sniffImageType(backing.subarray(4))).toBe('image/png');
  });
});
