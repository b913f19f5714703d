import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gif, jpeg, png, webp } from '../test-utils.js';
import { describeImages } from './describe-images.js';
import { inspectImage } from './inspect-image.js';

describe('inspectImage', () => {
  it('reads PNG IHDR', () => {
    expect(inspectImage(png(16, 9))).toEqual({ mimeType: 'image/png', width: 16, height: 9 });
  });
  it('reads the GIF logical screen', () => {
    expect(inspectImage(gif(320, 200))).toEqual({ mimeType: 'image/gif', width: 320, height: 200 });
  });
  it('reads JPEG SOF0 and SOF2 after other segments and fill bytes', () => {
    expect(inspectImage(jpeg(640, 480))).toEqual({ mimeType: 'image/jpeg', width: 640, height: 480 });
    expect(inspectImage(jpeg(33, 17, 0xc2))).toEqual({ mimeType: 'image/jpeg', width: 33, height: 17 });
  });
  it('reads WebP VP8, VP8L and VP8X', () => {
    expect(inspectImage(webp('VP8 ', 100, 50))).toEqual({ mimeType: 'image/webp', width: 100, height: 50 });
    expect(inspectImage(webp('VP8L', 1000, 3))).toEqual({ mimeType: 'image/webp', width: 1000, height: 3 });
    expect(inspectImage(webp('VP8X', 70000, 2))).toEqual({ mimeType: 'image/webp', width: 70000, height: 2 });
  });
  it('survives truncated and unknown bytes', () => {
    expect(inspectImage(png(1, 1).subarray(0, 12))).toEqual({
      mimeType: 'image/png',
      width: null,
      height: null,
    });
    expect(inspectImage(jpeg(5, 5).subarray(0, 10)).width).toBeNull();
    expect(inspectImage(Uint8Array.from([1, 2, 3]))).toEqual({
      mimeType: 'application/octet-stream',
      width: null,
      height: null,
    });
  });
});

describe('describeImages', () => {
  it('lists data URLs with mime, size, dimensions and sha256, and remote URLs as given', () => {
    const bytes = png(16, 16);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const dataUrl = `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
    expect(describeImages([dataUrl, 'https://example.com/cat.jpg'])).toBe(
      `images: 2; #1 image/png ${bytes.length} bytes 16x16 sha256=${sha}; #2 url https://example.com/cat.jpg`,
    );
  });
  it('flags a declared type that differs from the bytes', () => {
    const dataUrl = `data:image/jpeg;base64,${Buffer.from(gif(2, 3)).toString('base64')}`;
    expect(describeImages([dataUrl])).toMatch(
      /#1 image\/gif 14 bytes 2x3 sha256=[0-9a-f]{64} declared=image\/jpeg$/,
    );
  });
});
