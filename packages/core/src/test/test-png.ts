import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Options of testPng. */
export interface TestPngOptions {
  /** RGB of one pixel, each 0–255. Default: a gradient (red across, green down, blue constant). */
  pixel?: (x: number, y: number) => [number, number, number];
}

/**
 * A real, decodable 8-bit RGB PNG of the given size, built with node:zlib only: image bytes for
 * tests of image input, token counts or your own vision middleware.
 * @example const photo = testPng(512, 512);
 */
export function testPng(width: number, height: number, options: TestPngOptions = {}): Buffer {
  const pixel =
    options.pixel ??
    ((x: number, y: number): [number, number, number] => [
      Math.round((x * 255) / Math.max(1, width - 1)),
      Math.round((y * 255) / Math.max(1, height - 1)),
      160,
    ]);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, no filter, no interlace
  const stride = width * 3 + 1;
  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), y * stride + 1 + x * 3); // filter byte 0 = none
  }
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
