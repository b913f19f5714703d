import { createHash } from 'node:crypto';
import { inspectImage } from './inspect-image.js';

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s;

/**
 * One machine-readable line listing what arrived, so tests can check it byte for byte:
 * `images: 2; #1 image/png 1234 bytes 16x16 sha256=<hex>; #2 url https://…`.
 * Remote URLs are reported, never fetched.
 */
export function describeImages(urls: string[]): string {
  const parts = urls.map((url, i) => `#${i + 1} ${describeOne(url)}`);
  return [`images: ${urls.length}`, ...parts].join('; ');
}

function describeOne(url: string): string {
  const match = DATA_URL.exec(url);
  if (!match) return `url ${url}`;
  const declared = match[1] ?? '';
  const isBase64 = (match[2] ?? '').split(';').includes('base64');
  const payload = match[3] ?? '';
  const bytes = isBase64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'utf8');
  const info = inspectImage(bytes);
  const size = info.width !== null && info.height !== null ? `${info.width}x${info.height}` : '?x?';
  const sha = createHash('sha256').update(bytes).digest('hex');
  const mismatch = declared !== '' && declared !== info.mimeType ? ` declared=${declared}` : '';
  return `${info.mimeType} ${bytes.length} bytes ${size} sha256=${sha}${mismatch}`;
}
