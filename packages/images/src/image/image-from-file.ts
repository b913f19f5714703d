import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { open, readlink, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageDataPart, ImageDetail } from '@toolloop/core';
import { checkImageBytes, DEFAULT_MAX_IMAGE_BYTES } from './check-image-bytes.js';
import { ImageInputError, type ImageInputRule } from './image-input-error.js';

/** Options of image.fromFile; `root` keeps a model- or user-supplied path from reading arbitrary files. */
export interface ImageFromFileOptions {
  /** Only files inside this directory (after resolving symlinks) may be read. Default `process.cwd()`. */
  root?: string | URL;
  /** Refuse files larger than this. Default 20 MiB. */
  maxBytes?: number;
  /** How closely the model looks: 'low', 'high' or 'auto' (passed on as OpenAI's `detail`). */
  detail?: ImageDetail;
}

const EXTENSION_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.apng': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.jpe': 'image/jpeg',
  '.jfif': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.svgz': 'image/svg+xml',
};

function toPath(value: string | URL): string {
  return value instanceof URL || value.startsWith('file:') ? fileURLToPath(value) : value;
}

function fail(rule: ImageInputRule, path: string, message: string, cause?: unknown): ImageInputError {
  return new ImageInputError({ rule, source: path, message, cause });
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function checkStats(stats: Stats, path: string, maxBytes: number): void {
  if (!stats.isFile()) {
    throw fail(
      'not-a-file',
      path,
      `Image path ${path} is ${kindOf(stats)}, not a regular file. Pass the path of an image file.`,
    );
  }
  if (stats.size === 0) {
    throw fail('empty', path, `Image file ${path} is empty (0 bytes). Pass a PNG, JPEG, GIF or WebP file.`);
  }
  if (stats.size > maxBytes) {
    throw fail(
      'too-large',
      path,
      `Image file ${path} is ${stats.size} bytes, over the limit of maxBytes=${maxBytes}. Resize or recompress it, or raise maxBytes.`,
    );
  }
}

/** The real path of an open descriptor (Linux `/proc/self/fd`), or undefined where there is none. */
async function openedPath(fd: number): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    return await readlink(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/**
 * An image part from a local file, read safely: the path must resolve (symlinks included) to a
 * regular, non-empty file inside `root`, no larger than `maxBytes`; its type is sniffed from the
 * bytes and must agree with the extension. SVG is refused. Every refusal is an ImageInputError.
 * @example
 * const photo = await imageFromFile('photo.jpg', { root: process.cwd(), detail: 'high' });
 */
export async function imageFromFile(
  path: string | URL,
  options: ImageFromFileOptions = {},
): Promise<ImageDataPart> {
  const { root = process.cwd(), maxBytes = DEFAULT_MAX_IMAGE_BYTES, detail } = options;
  const given = resolve(toPath(path));

  let realRoot: string;
  try {
    realRoot = await realpath(resolve(toPath(root)));
  } catch (cause) {
    throw fail(
      'not-found',
      given,
      `The root directory ${toPath(root)} for image files does not exist. Pass an existing directory as root.`,
      cause,
    );
  }

  const outsideRoot = (candidate: string) => {
    const inside = relative(realRoot, candidate);
    return inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside);
  };
  let real: string;
  try {
    real = await realpath(given);
  } catch (cause) {
    // A missing path outside the root is reported as outside: no existence oracle for other directories.
    const rule = outsideRoot(given) ? 'outside-root' : 'not-found';
    const message =
      rule === 'outside-root'
        ? `Image file ${given} is outside the allowed root ${realRoot}. Move the file under the root, or pass root: the directory that holds it.`
        : `Image file ${given} does not exist or cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}). Check the path.`;
    throw fail(rule, given, message, cause);
  }
  if (outsideRoot(real)) {
    const via = real === given ? '' : ` (it resolves to ${real})`;
    throw fail(
      'outside-root',
      given,
      `Image file ${given}${via} is outside the allowed root ${realRoot}. Move the file under the root, or pass root: the directory that holds it.`,
    );
  }

  const extension = extname(given).toLowerCase();
  const extensionType = EXTENSION_TYPES[extension];
  if (extensionType === 'image/svg+xml') {
    throw fail(
      'svg',
      given,
      `Image file ${given} is SVG. SVG is refused: it can carry scripts and vision APIs reject it. Convert it to PNG first.`,
    );
  }

  const changed = (cause: unknown) =>
    fail('changed', given, `Image file ${given} changed while it was being opened. Try again.`, cause);
  // stat first: opening a FIFO would block and a device could stream forever.
  const first = await stat(real).catch((cause: unknown) => {
    throw changed(cause);
  });
  checkStats(first, given, maxBytes);

  // O_NONBLOCK so a FIFO swapped in after the stat cannot hang the open; O_NOFOLLOW so a
  // symlink swapped in cannot redirect it. fstat on the handle is what we trust from here on.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    (cause: unknown) => {
      throw changed(cause);
    },
  );
  let bytes: Buffer;
  try {
    // The path was walked again by stat and open: a directory inside it swapped for a symlink
    // meanwhile would have led them elsewhere. Judge what was actually opened, not the path.
    const opened = await openedPath(handle.fd);
    if (opened !== undefined && outsideRoot(opened)) {
      throw fail(
        'outside-root',
        given,
        `Image file ${given} led outside the allowed root ${realRoot} while it was being opened (a directory in the path was replaced). Nothing was read.`,
      );
    }
    const before = await handle.stat();
    checkStats(before, given, maxBytes);
    if (before.ino !== first.ino || before.dev !== first.dev) {
      throw fail('changed', given, `Image file ${given} was replaced while it was being opened. Try again.`);
    }
    if (opened === undefined) {
      // No /proc (macOS, BSD): check that the path, resolved again now, still names the opened file.
      const again = await realpath(given).catch((cause: unknown) => {
        throw changed(cause);
      });
      const now = await stat(again).catch((cause: unknown) => {
        throw changed(cause);
      });
      if (outsideRoot(again) || now.ino !== before.ino || now.dev !== before.dev) {
        throw fail(
          'changed',
          given,
          `Image file ${given} was replaced while it was being opened. Try again.`,
        );
      }
    }
    // Never read past the size we checked: a file that grows meanwhile is cut at that size.
    bytes = Buffer.alloc(before.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled !== before.size) {
      throw fail('changed', given, `Image file ${given} shrank while it was being read. Try again.`);
    }
  } finally {
    await handle.close();
  }

  const mimeType = checkImageBytes({
    bytes,
    source: given,
    maxBytes,
    declaredType: extensionType,
    declaredBy: `its extension "${extension}"`,
  });
  const part: ImageDataPart = {
    type: 'image',
    data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    mimeType,
  };
  if (detail !== undefined) part.detail = detail;
  return part;
}
