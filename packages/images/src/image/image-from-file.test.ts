import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { image } from './image.js';
import { imageFromFile } from './image-from-file.js';
import { ImageInputError } from './image-input-error.js';
import { GIF_HEAD, JPEG_HEAD, png, SVG } from './test-utils.js';

let root: string;
let outside: string;
const photo = png(32, 24);

async function refusal(promise: Promise<unknown>): Promise<ImageInputError> {
  const error = await promise.then(
    () => {
      throw new Error('expected an ImageInputError');
    },
    (e: unknown) => e,
  );
  if (!ImageInputError.isInstance(error)) throw error;
  return error as ImageInputError;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'toolloop-image-root-'));
  outside = await mkdtemp(join(tmpdir(), 'toolloop-image-outside-'));
  await writeFile(join(root, 'photo.png'), photo);
  await writeFile(join(root, 'photo.jpg'), photo); // PNG bytes behind a .jpg name
  await writeFile(join(root, 'real.jpeg'), JPEG_HEAD);
  await writeFile(join(root, 'noext'), GIF_HEAD);
  await writeFile(join(root, 'empty.png'), '');
  await writeFile(join(root, 'logo.svg'), SVG);
  await writeFile(join(root, 'sneaky.png'), SVG);
  await writeFile(join(root, 'notes.png'), 'just some text');
  await mkdir(join(root, 'folder.png'));
  await writeFile(join(outside, 'secret.png'), photo);
  await symlink(join(outside, 'secret.png'), join(root, 'link-out.png'));
  await symlink(join(root, 'photo.png'), join(root, 'link-in.png'));
  execFileSync('mkfifo', [join(root, 'pipe.png')]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('imageFromFile', () => {
  it('reads a PNG inside the root byte for byte, with its sniffed type and detail', async () => {
    const part = await image.fromFile(join(root, 'photo.png'), { root, detail: 'low' });
    expect(part.mimeType).toBe('image/png');
    expect(part.detail).toBe('low');
    expect(Buffer.from(part.data as Uint8Array).equals(photo)).toBe(true);
  });

  it('accepts file: URLs and symlinks that stay inside the root', async () => {
    const part = await imageFromFile(pathToFileURL(join(root, 'link-in.png')), { root: pathToFileURL(root) });
    expect(Buffer.from(part.data as Uint8Array).equals(photo)).toBe(true);
  });

  it('sniffs files without an extension and accepts .jpeg for JPEG bytes', async () => {
    expect((await imageFromFile(join(root, 'noext'), { root })).mimeType).toBe('image/gif');
    expect((await imageFromFile(join(root, 'real.jpeg'), { root })).mimeType).toBe('image/jpeg');
  });

  it('defaults the root to the working directory', async () => {
    const error = await refusal(imageFromFile(join(root, 'photo.png')));
    expect(error.rule).toBe('outside-root');
  });

  it('refuses a symlink pointing out of the root, naming where it leads and the fix', async () => {
    const error = await refusal(imageFromFile(join(root, 'link-out.png'), { root }));
    expect(error.rule).toBe('outside-root');
    expect(error.source).toBe(join(root, 'link-out.png'));
    expect(error.message).toContain('secret.png');
    expect(error.message).toMatch(/outside the allowed root .*pass root/i);
  });

  it('refuses ../ paths that leave the root', async () => {
    // Missing or not: a path outside the root never reveals whether it exists.
    expect((await refusal(imageFromFile(join(root, '..', 'x.png'), { root }))).rule).toBe('outside-root');
    expect((await refusal(imageFromFile(join(outside, 'secret.png'), { root }))).rule).toBe('outside-root');
  });

  it('refuses /dev/zero as a device, without reading it', async () => {
    const error = await refusal(imageFromFile('/dev/zero', { root: '/' }));
    expect(error.rule).toBe('not-a-file');
    expect(error.message).toContain('character device');
  });

  it('refuses a directory', async () => {
    const error = await refusal(imageFromFile(join(root, 'folder.png'), { root }));
    expect(error.rule).toBe('not-a-file');
    expect(error.message).toContain('directory');
  });

  it('refuses a FIFO without blocking on it', async () => {
    const error = await refusal(imageFromFile(join(root, 'pipe.png'), { root }));
    expect(error.rule).toBe('not-a-file');
    expect(error.message).toContain('FIFO');
  });

  it('refuses an empty file', async () => {
    expect((await refusal(imageFromFile(join(root, 'empty.png'), { root }))).rule).toBe('empty');
  });

  it('refuses a file over maxBytes before reading it', async () => {
    const error = await refusal(imageFromFile(join(root, 'photo.png'), { root, maxBytes: 100 }));
    expect(error.rule).toBe('too-large');
    expect(error.message).toContain(`${photo.length} bytes`);
    expect(error.message).toContain('maxBytes=100');
  });

  it('refuses PNG bytes behind a .jpg name', async () => {
    const error = await refusal(imageFromFile(join(root, 'photo.jpg'), { root }));
    expect(error.rule).toBe('type-mismatch');
    expect(error.message).toMatch(/image\/png bytes.*"\.jpg".*image\/jpeg/);
  });

  it('refuses SVG by extension and by content', async () => {
    expect((await refusal(imageFromFile(join(root, 'logo.svg'), { root }))).rule).toBe('svg');
    const error = await refusal(imageFromFile(join(root, 'sneaky.png'), { root }));
    expect(error.rule).toBe('svg');
    expect(error.message).toMatch(/scripts/);
  });

  it('refuses bytes that are no known image format', async () => {
    expect((await refusal(imageFromFile(join(root, 'notes.png'), { root }))).rule).toBe('unsupported-type');
  });

  it('refuses a missing file and a missing root', async () => {
    expect((await refusal(imageFromFile(join(root, 'nope.png'), { root }))).rule).toBe('not-found');
    expect((await refusal(imageFromFile(join(root, 'photo.png'), { root: join(root, 'nope') }))).rule).toBe(
      'not-found',
    );
  });
});
