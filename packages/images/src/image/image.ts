import type { downloadImage } from './download-image.js';
import { imageFromBytes } from './image-from-bytes.js';
import type { imageFromFile } from './image-from-file.js';
import { imageFromUrl } from './image-from-url.js';

// The file and download code (node:fs, node:http, node:https, node:net) loads on first use, so
// importing the package costs only what every image needs.
const fromFile: typeof imageFromFile = async (...args) =>
  (await import('./image-from-file.js')).imageFromFile(...args);
const download: typeof downloadImage = async (...args) =>
  (await import('./download-image.js')).downloadImage(...args);

/**
 * Image part helpers in one namespace: `image.fromFile`, `image.fromUrl`, `image.fromBytes`,
 * `image.download`. Each returns an ImagePart for a user message's content.
 * @example
 * await agent.run([{ role: 'user', content: [
 *   { type: 'text', text: '이 사진 분석해줘' },
 *   await image.fromFile('photo.jpg'),
 * ] }]);
 */
export const image = {
  fromFile,
  fromUrl: imageFromUrl,
  fromBytes: imageFromBytes,
  download,
} as const;
