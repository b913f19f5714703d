import { hasErrorCode } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import { image } from './image.js';
import { imageFromBytes } from './image-from-bytes.js';
import type { ImageInputError } from './image-input-error.js';
import { GIF_HEAD, JPEG_HEAD, png, SVG } from './test-utils.js';

function ruleOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(hasErrorCode(error, 'image-input')).toBe(true);
    return (error as ImageInputError).rule;
  }
  throw new Error('expected an ImageInputError');
}

describe('imageFromBytes', () => {
  it('sniffs the type when mimeType is not given and keeps the bytes and detail', () => {
    const bytes = png(4, 3);
    expect(image.fromBytes(bytes, { detail: 'low' })).toEqual({
      type: 'image',
      data: bytes,
      mimeType: 'image/png',
      detail: 'low',
    });
    expect(imageFromBytes(GIF_HEAD)).toEqual({ type: 'image', data: GIF_HEAD, mimeType: 'image/gif' });
  });

  it('accepts a given mimeType that agrees with the bytes, normalising aliases', () => {
    expect(imageFromBytes(JPEG_HEAD, { mimeType: 'image/jpg' }).mimeType).toBe('image/jpeg');
  });

  it('trusts an explicit image/* type for bytes it cannot sniff (e.g. HEIC)', () => {
    const heic = Buffer.from('\x00\x00\x00\x18ftypheic', 'latin1');
    expect(imageFromBytes(heic, { mimeType: 'image/heic' }).mimeType).toBe('image/heic');
  });

  it('refuses a mimeType that contradicts the bytes', () => {
    expect(ruleOf(() => imageFromBytes(png(1, 1), { mimeType: 'image/jpeg' }))).toBe('type-mismatch');
  });

  it('refuses SVG by content and by declared type', () => {
    expect(ruleOf(() => imageFromBytes(SVG))).toBe('svg');
    expect(ruleOf(() => imageFromBytes(png(1, 1), { mimeType: 'image/svg+xml' }))).toBe('svg');
  });

  it('refuses empty, oversized, unknown and non-byte input with a message naming the fix', () => {
    expect(ruleOf(() => imageFromBytes(new Uint8Array(0)))).toBe('empty');
    expect(ruleOf(() => imageFromBytes(png(8, 8), { maxBytes: 10 }))).toBe('too-large');
    expect(ruleOf(() => imageFromBytes(Buffer.from('hello')))).toBe('unsupported-type');
    expect(ruleOf(() => imageFromBytes(Buffer.from('hello'), { mimeType: 'text/plain' }))).toBe(
      'unsupported-type',
    );
    expect(ruleOf(() => imageFromBytes('aGVsbG8=' as unknown as Uint8Array))).toBe('invalid-data');
    expect(() => imageFromBytes(Buffer.from('hello'))).toThrow(/not a PNG, JPEG, GIF or WebP/);
  });
});
