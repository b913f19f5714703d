import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testPng as png } from '../test/test-png.js';
import { imageDimensions, imageDimensionsOf } from './image-dimensions.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/images/${name}`, import.meta.url));

describe('imageDimensions', () => {
  it('reads real PNG, JPEG, GIF and WebP (lossy, lossless, extended) headers', () => {
    expect(imageDimensions(png(37, 21))).toEqual({ width: 37, height: 21 });
    expect(imageDimensions(fixture('gradient-1800x2400.jpg'))).toEqual({ width: 1800, height: 2400 });
    expect(imageDimensions(fixture('exif-640x480.jpg'))).toEqual({ width: 640, height: 480 });
    expect(imageDimensions(fixture('small-300x200.gif'))).toEqual({ width: 300, height: 200 });
    expect(imageDimensions(fixture('tall-2048x4096.webp'))).toEqual({ width: 2048, height: 4096 });
    expect(imageDimensions(fixture('lossless-700x500.webp'))).toEqual({ width: 700, height: 500 });
    expect(imageDimensions(fixture('alpha-320x240.webp'))).toEqual({ width: 320, height: 240 });
  });

  it('returns undefined for other bytes and for headers cut short', () => {
    expect(imageDimensions(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(imageDimensions(png(10, 10).subarray(0, 20))).toBeUndefined();
    expect(imageDimensions(fixture('exif-640x480.jpg').subarray(0, 12))).toBeUndefined();
    expect(imageDimensions(new Uint8Array(0))).toBeUndefined();
  });

  it('reads base64 strings and data: URLs, but not https: URLs', () => {
    const jpeg = fixture('exif-640x480.jpg').toString('base64');
    expect(imageDimensionsOf(jpeg)).toEqual({ width: 640, height: 480 });
    expect(imageDimensionsOf(`data:image/jpeg;base64,${jpeg}`)).toEqual({ width: 640, height: 480 });
    expect(imageDimensionsOf('https://example.com/photo.jpg')).toBeUndefined();
  });
});
