import { describe, expect, it } from 'vitest';
import { image } from './image.js';
import { imageFromUrl } from './image-from-url.js';
import { ImageInputError } from './image-input-error.js';
import { png, SVG } from './test-utils.js';

function refusal(run: () => unknown): ImageInputError {
  try {
    run();
  } catch (error) {
    if (ImageInputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an ImageInputError');
}

describe('imageFromUrl', () => {
  it('passes http(s) URLs through as URL parts, with detail', () => {
    expect(image.fromUrl('https://example.com/cat.jpg', { detail: 'high' })).toEqual({
      type: 'image',
      url: 'https://example.com/cat.jpg',
      detail: 'high',
    });
    expect(imageFromUrl(new URL('http://example.com/a b.png'))).toEqual({
      type: 'image',
      url: 'http://example.com/a%20b.png',
    });
  });

  it('accepts a base64 data: URL of a real image and keeps it as given', () => {
    const url = `data:image/png;base64,${png(2, 2).toString('base64')}`;
    expect(imageFromUrl(url)).toEqual({ type: 'image', url });
  });

  it('refuses data: URLs holding SVG, a wrong type or no base64', () => {
    expect(refusal(() => imageFromUrl(`data:image/svg+xml;base64,${SVG.toString('base64')}`)).rule).toBe(
      'svg',
    );
    expect(refusal(() => imageFromUrl(`data:image/jpeg;base64,${png(1, 1).toString('base64')}`)).rule).toBe(
      'type-mismatch',
    );
    expect(refusal(() => imageFromUrl('data:image/png,hello')).rule).toBe('invalid-url');
  });

  it('refuses file: and other schemes, pointing file: users to fromFile', () => {
    const error = refusal(() => imageFromUrl('file:///etc/passwd'));
    expect(error.rule).toBe('scheme');
    expect(error.message).toMatch(/file:.*only http:, https: and data:.*image\.fromFile/);
    expect(refusal(() => imageFromUrl('ftp://example.com/a.png')).rule).toBe('scheme');
    expect(refusal(() => imageFromUrl('javascript:alert(1)')).rule).toBe('scheme');
  });

  it('refuses a relative or malformed URL', () => {
    expect(refusal(() => imageFromUrl('photo.png')).rule).toBe('invalid-url');
  });

  it('keeps credentials and query tokens out of messages', () => {
    const error = refusal(() => imageFromUrl('ftp://user:hunter2@example.com/a.png?sig=SECRET'));
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('SECRET');
  });
});
