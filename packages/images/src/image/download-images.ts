import type {
  ImageDataPart,
  ImageUrlPart,
  Message,
  Middleware,
  ModelRequest,
  UserContentPart,
} from '@toolloop/core';
import { displayUrl } from './display-url.js';
import { downloadWithPolicy } from './download-image.js';
import { type DownloadPolicyOptions, resolveDownloadPolicy } from './download-policy.js';
import { ImageInputError } from './image-input-error.js';

/** Options of {@link downloadImages}: limits and network policy, applied to every image URL. */
export type DownloadImagesOptions = DownloadPolicyOptions;

function needsDownload(part: UserContentPart): part is ImageUrlPart {
  return part.type === 'image' && 'url' in part && !/^data:/i.test(part.url);
}

/**
 * Middleware for providers that cannot fetch image URLs themselves: before each model call it
 * downloads every http(s) image URL in user messages and sends the bytes instead. Downloads reach
 * public addresses only (checked after DNS and after each redirect; `file:` and other schemes are
 * refused), within `maxBytes` and `timeoutMs` per image. Without this middleware URLs are passed through.
 * @example
 * const agent = createAgent({ model, middleware: [downloadImages({ maxBytes: 10_000_000, timeoutMs: 10_000 })] });
 */
export function downloadImages(options: DownloadImagesOptions = {}): Middleware {
  const policy = resolveDownloadPolicy(options);
  // Keyed by the part object: an agent re-sends the same message objects on every step, so an
  // image is downloaded once per run, and the entry goes away with the messages.
  const downloads = new WeakMap<ImageUrlPart, Promise<ImageDataPart>>();

  function download(part: ImageUrlPart, signal: AbortSignal | undefined): Promise<ImageDataPart> {
    let pending = downloads.get(part);
    if (!pending) {
      if (!/^https?:/i.test(part.url)) {
        return Promise.reject(
          new ImageInputError({
            rule: 'scheme',
            source: displayUrl(part.url),
            message: `Refusing image URL ${displayUrl(part.url)}: only http:, https: and data: URLs are allowed in messages. Read local files with image.fromFile(path, { root }).`,
          }),
        );
      }
      pending = downloadWithPolicy(part.url, policy, { signal, detail: part.detail });
      downloads.set(part, pending);
      // A failed download is not remembered: the next call (a retry) tries again.
      pending.catch(() => downloads.delete(part));
    }
    return pending;
  }

  async function withDownloadedImages(
    request: ModelRequest,
    signal: AbortSignal | undefined,
  ): Promise<ModelRequest> {
    const hasUrls = request.messages.some(
      (message) =>
        message.role === 'user' && typeof message.content !== 'string' && message.content.some(needsDownload),
    );
    if (!hasUrls) return request;
    const messages = await Promise.all(
      request.messages.map(async (message): Promise<Message> => {
        if (
          message.role !== 'user' ||
          typeof message.content === 'string' ||
          !message.content.some(needsDownload)
        ) {
          return message;
        }
        const content = await Promise.all(
          message.content.map((part) => (needsDownload(part) ? download(part, signal) : part)),
        );
        return { ...message, content };
      }),
    );
    return { ...request, messages };
  }

  return {
    name: 'download-images',
    async generate(request, next, context) {
      return next(await withDownloadedImages(request, context.signal));
    },
    async *stream(request, next, context) {
      yield* next(await withDownloadedImages(request, context.signal));
    },
  };
}
