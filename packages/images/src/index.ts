/**
 * Image input for toolloop agents: image parts from files, URLs and bytes with the checks a server
 * needs (no SSRF, no files outside a root, no SVG, size limits), and a middleware that downloads
 * image URLs before the model call.
 * @module @toolloop/images
 */
export { DEFAULT_MAX_IMAGE_BYTES } from './image/check-image-bytes.js';
export type { DownloadImageOptions } from './image/download-image.js';
export { type DownloadImagesOptions, downloadImages } from './image/download-images.js';
export type { DownloadPolicyOptions, ImageHostLookup, ResolvedAddress } from './image/download-policy.js';
export { image } from './image/image.js';
export type { ImageFromBytesOptions } from './image/image-from-bytes.js';
export type { ImageFromFileOptions } from './image/image-from-file.js';
export type { ImageFromUrlOptions } from './image/image-from-url.js';
export {
  ImageInputError,
  type ImageInputErrorOptions,
  type ImageInputRule,
} from './image/image-input-error.js';
export { SUPPORTED_IMAGE_TYPES, type SupportedImageType, sniffImageType } from './image/sniff-image-type.js';
