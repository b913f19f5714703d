import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ImageDataPart, ImageDetail } from '@toolloop/core';
import { AbortError, TimeoutError, ToolloopError } from '@toolloop/core';
import { onAbort } from '@toolloop/core/internal';
import { checkImageBytes } from './check-image-bytes.js';
import { displayUrl } from './display-url.js';
import {
  type DownloadPolicy,
  type DownloadPolicyOptions,
  type ResolvedAddress,
  resolveDownloadPolicy,
} from './download-policy.js';
import { ImageInputError } from './image-input-error.js';
import { pinnedLookup, vetHost } from './vet-host.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Options of downloadImage: the download policy (size, hosts, redirects) plus an abort signal. */
export interface DownloadImageOptions extends DownloadPolicyOptions {
  /** Cancels the download. */
  signal?: AbortSignal;
  /** Set on the returned part. */
  detail?: ImageDetail;
}

function checkScheme(url: URL, original: string, hop: number): void {
  if (url.protocol === 'http:' || url.protocol === 'https:') return;
  const where = hop === 0 ? '' : ` (redirected to from ${displayUrl(original)})`;
  throw new ImageInputError({
    rule: 'scheme',
    source: displayUrl(url),
    message: `Refusing to download image ${displayUrl(url)}${where}: only http: and https: URLs are downloaded, not ${url.protocol}. Pass an http(s) URL, or read local files with image.fromFile(path, { root }).`,
  });
}

function get(url: URL, target: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const options: RequestOptions = {
    method: 'GET',
    headers: { accept: 'image/png,image/jpeg,image/gif,image/webp', 'user-agent': 'toolloop-image-download' },
    // No pooled sockets: every connection goes to the address vetted for this hop.
    agent: false,
    lookup: pinnedLookup(target),
    signal,
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, options, resolve);
    req.on('error', (cause: NodeJS.ErrnoException) => {
      if (signal.aborted) return reject(signal.reason);
      reject(
        new ImageInputError({
          rule: 'connection',
          source: displayUrl(url),
          message: `Could not download image ${displayUrl(url)}: ${cause.code ?? cause.message}. Check that the host is reachable.`,
          cause,
        }),
      );
    });
    req.end();
  });
}

async function readBody(
  response: IncomingMessage,
  url: URL,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Buffer> {
  const tooLarge = (size: string) =>
    new ImageInputError({
      rule: 'too-large',
      source: displayUrl(url),
      message: `Image ${displayUrl(url)} is ${size} bytes, over the limit of maxBytes=${maxBytes}; the download was stopped. Use a smaller image or raise maxBytes.`,
    });
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge(String(declared));
  }
  const dispose = onAbort(signal, () => response.destroy(signal.reason));
  const chunks: Buffer[] = [];
  let total = 0;
  const incomplete = (cause?: unknown) =>
    new ImageInputError({
      rule: 'incomplete',
      source: displayUrl(url),
      message: `The download of image ${displayUrl(url)} ended early (the connection closed mid-body). Try again.`,
      cause,
    });
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        response.destroy();
        throw tooLarge(`more than ${maxBytes}`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    // A connection reset or closed mid-body surfaces as `Error: aborted` / ECONNRESET from the
    // stream: the documented `incomplete` rule, unless it was our own abort or size limit.
    if (signal.aborted || ToolloopError.isInstance(error)) throw error;
    throw incomplete(error);
  } finally {
    dispose();
  }
  if (!response.complete) throw incomplete();
  return Buffer.concat(chunks, total);
}

async function fetchImage(
  original: string,
  policy: DownloadPolicy,
  signal: AbortSignal,
): Promise<Uint8Array> {
  let url: URL;
  try {
    url = new URL(original);
  } catch (cause) {
    throw new ImageInputError({
      rule: 'invalid-url',
      source: displayUrl(original),
      message: `"${displayUrl(original)}" is not an absolute URL. Pass an http(s) URL.`,
      cause,
    });
  }
  for (let hop = 0; ; hop++) {
    checkScheme(url, original, hop);
    const target = await vetHost(url, policy, signal, hop === 0 ? undefined : original);
    const response = await get(url, target, signal);
    const status = response.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      response.destroy();
      const location = response.headers.location;
      if (!location) {
        throw new ImageInputError({
          rule: 'redirect',
          source: displayUrl(url),
          message: `Image URL ${displayUrl(url)} answered ${status} without a Location header. Use the image's final URL.`,
        });
      }
      if (hop >= policy.maxRedirects) {
        throw new ImageInputError({
          rule: 'too-many-redirects',
          source: displayUrl(original),
          message: `Image URL ${displayUrl(original)} redirected more than ${policy.maxRedirects} times. Use the image's final URL.`,
        });
      }
      try {
        url = new URL(location, url);
      } catch (cause) {
        throw new ImageInputError({
          rule: 'redirect',
          source: displayUrl(url),
          message: `Image URL ${displayUrl(url)} answered ${status} with a Location header that is not a valid URL. Use the image's final URL.`,
          cause,
        });
      }
      continue;
    }
    if (status < 200 || status > 299) {
      response.destroy();
      throw new ImageInputError({
        rule: 'http-status',
        source: displayUrl(url),
        message: `Downloading image ${displayUrl(url)} failed with HTTP ${status}. Check that the URL is public and still exists.`,
      });
    }
    return readBody(response, url, policy.maxBytes, signal);
  }
}

/**
 * Downloads an http(s) image safely and returns it as a data part: only public addresses (checked
 * after DNS and after every redirect, and the connection pinned to the checked address), at most
 * `maxRedirects` redirects, `maxBytes` and `timeoutMs`; the bytes are sniffed like imageFromBytes.
 * @example const part = await downloadImage('https://example.com/cat.png', { maxBytes: 5_000_000 });
 */
export async function downloadImage(
  url: string | URL,
  options: DownloadImageOptions = {},
): Promise<ImageDataPart> {
  return downloadWithPolicy(String(url), resolveDownloadPolicy(options), options);
}

/** downloadImage with a policy resolved once (the middleware's path). */
export async function downloadWithPolicy(
  url: string,
  policy: DownloadPolicy,
  options: { signal?: AbortSignal | undefined; detail?: ImageDetail | undefined } = {},
): Promise<ImageDataPart> {
  const { signal, detail } = options;
  if (signal?.aborted) throw new AbortError({ cause: signal.reason });
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new TimeoutError({
        message: `Downloading image ${displayUrl(url)} took longer than timeoutMs=${policy.timeoutMs}. Use a faster host, a smaller image, or raise timeoutMs.`,
        timeoutMs: policy.timeoutMs,
        phase: 'image-download',
      }),
    );
  }, policy.timeoutMs);
  const dispose = onAbort(signal, () => controller.abort(new AbortError({ cause: signal?.reason })));
  try {
    const bytes = await fetchImage(url, policy, controller.signal);
    const mimeType = checkImageBytes({ bytes, source: displayUrl(url), maxBytes: policy.maxBytes });
    const part: ImageDataPart = {
      type: 'image',
      data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      mimeType,
    };
    if (detail !== undefined) part.detail = detail;
    return part;
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    dispose();
  }
}
