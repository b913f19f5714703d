import { downloadImage } from './download-image.js';
import { imageFromBytes } from './image-from-bytes.js';
import { imageFromFile } from './image-from-file.js';
import { imageFromUrl } from './image-from-url.js';

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
  fromFile: imageFromFile,
  fromUrl: imageFromUrl,
  fromBytes: imageFromBytes,
  download: downloadImage,
} as const;
