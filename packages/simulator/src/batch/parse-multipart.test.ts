import { describe, expect, it } from 'vitest';
import { multipartBoundary, parseMultipart } from './parse-multipart.js';

const body = (boundary: string, parts: string[]) =>
  Buffer.from(`${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`);

describe('parseMultipart', () => {
  it('reads fields and files, keeping bytes that merely look like the boundary', async () => {
    const data = 'line one\r\n--xyz is not a delimiter without CRLF before it\n';
    const parts = parseMultipart(
      body('xyz', [
        'Content-Disposition: form-data; name="purpose"\r\n\r\nbatch',
        `Content-Disposition: form-data; name="file"; filename="a \\"b\\".jsonl"\r\nContent-Type: application/jsonl\r\n\r\n${data}`,
      ]),
      'xyz',
    );
    expect(parts).toHaveLength(2);
    expect(parts![0]).toMatchObject({ name: 'purpose', filename: undefined });
    expect(parts![0]!.data.toString()).toBe('batch');
    expect(parts![1]).toMatchObject({
      name: 'file',
      filename: 'a "b".jsonl',
      contentType: 'application/jsonl',
    });
    expect(parts![1]!.data.toString()).toBe(data);
  });

  it('is undefined for a body that never closes its part', () => {
    expect(
      parseMultipart(Buffer.from('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 'xyz'),
    ).toBe(undefined);
    expect(parseMultipart(Buffer.from('no boundary here'), 'xyz')).toBe(undefined);
  });

  it('finds quoted and bare boundaries, and only in multipart/form-data', () => {
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary=----x1')).toBe('----x1');
    expect(multipartBoundary('application/json')).toBe(undefined);
    expect(multipartBoundary(undefined)).toBe(undefined);
  });
});
