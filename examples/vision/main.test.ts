import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';
import { makePng } from './make-png.js';

describe('examples/vision', () => {
  it('ships a real 32×24 PNG, exactly what generate-photo.ts makes', async () => {
    const shipped = await readFile(new URL('./assets/photo.png', import.meta.url));
    expect(shipped.equals(makePng({ width: 32, height: 24 }))).toBe(true);
  });

  it('sends one image by URL (passed through) and one from a file (as base64), and shows a refusal', async () => {
    const { code, stdout, stderr } = await runExample('vision');
    expect(stderr).toContain('offline');
    expect(code).toBe(0);
    const photo = await readFile(new URL('./assets/photo.png', import.meta.url));
    const sha = createHash('sha256').update(photo).digest('hex');
    expect(stdout).toContain(
      '[URL] 이미지 1개를 받았습니다.\nimages: 1; #1 url https://upload.wikimedia.org/wikipedia/commons/thumb/3/3a/Cat03.jpg/320px-Cat03.jpg',
    );
    expect(stdout).toContain(
      `[file] 이미지 1개를 받았습니다.\nimages: 1; #1 image/png ${photo.length} bytes 32x24 sha256=${sha}\n`,
    );
    expect(stdout).toMatch(/\[refused\] Image file \/etc\/passwd is outside the allowed root/);
  });
});
