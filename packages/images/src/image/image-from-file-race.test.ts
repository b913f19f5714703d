import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageFromFile } from './image-from-file.js';
import { ImageInputError } from './image-input-error.js';
import { png } from './test-utils.js';

// A second process swaps a directory inside the path for a symlink out of the root and back, as
// fast as it can, while this one reads the file through that path thousands of times. Whatever is
// returned must be the bytes inside the root; anything else must be an ImageInputError.
const RACER = `
const fs = require('node:fs');
const [dir, outsideDir] = process.argv.slice(1);
const real = dir + '.real';
process.stdout.write('racing\\n');
for (;;) {
  try { fs.renameSync(dir, real); fs.symlinkSync(outsideDir, dir); } catch {}
  try { fs.unlinkSync(dir); fs.renameSync(real, dir); } catch {}
}`;

let base: string;
const inside = png(16, 16);
const secret = png(48, 48);

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'toolloop-image-race-'));
  await mkdir(join(base, 'root', 'd'), { recursive: true });
  await mkdir(join(base, 'outside', 'd'), { recursive: true });
  await writeFile(join(base, 'root', 'd', 'photo.png'), inside);
  await writeFile(join(base, 'outside', 'd', 'photo.png'), secret);
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('image.fromFile under a racing symlink swap', () => {
  it('never returns bytes from outside the root, and every refusal is an ImageInputError', async () => {
    const root = join(base, 'root');
    const racer = spawn(process.execPath, ['-e', RACER, join(root, 'd'), join(base, 'outside', 'd')], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const seen = { inside: 0, refused: 0 };
    try {
      // Reads start once the racer says it is swapping.
      await new Promise((resolve) => racer.stdout?.once('data', resolve));
      for (let i = 0; i < 3000; i++) {
        try {
          const part = await imageFromFile(join(root, 'd', 'photo.png'), { root });
          const bytes = Buffer.from(part.data as Uint8Array);
          expect(bytes.equals(secret)).toBe(false);
          expect(bytes.equals(inside)).toBe(true);
          seen.inside++;
        } catch (error) {
          if (!ImageInputError.isInstance(error)) throw error;
          seen.refused++;
        }
      }
    } finally {
      racer.kill('SIGKILL');
    }
    // The race really ran: both outcomes happened.
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.inside).toBeGreaterThan(0);
  }, 120_000);
});
