import { lookup as systemLookup } from 'node:dns/promises';
import { InvalidOptionError } from '@toolloop/core';
import { DEFAULT_MAX_IMAGE_BYTES } from './check-image-bytes.js';
import { parseIpAddress } from './classify-ip-address.js';

/** One address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  /** 4 or 6. */
  family: number;
}

/** Resolves a host name to every address it has (like `dns.promises.lookup(host, { all: true })`). */
export type ImageHostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** Limits and network policy for image downloads. */
export interface DownloadPolicyOptions {
  /** Stop and refuse once a body exceeds this. Default 20 MiB. */
  maxBytes?: number;
  /** Limit for one image: DNS, every redirect hop and the whole body. Default 15 000 ms. */
  timeoutMs?: number;
  /** Redirects to follow, each re-checked like the first URL. Default (and at most) 3. */
  maxRedirects?: number;
  /**
   * Allow loopback, private, link-local and other non-public addresses. Only for tests and local
   * setups: with it, a URL can reach your own network (cloud metadata at 169.254.169.254 included).
   */
  allowPrivateNetwork?: boolean;
  /** Exact IP addresses allowed even though they are not public (e.g. `['127.0.0.1']` for a local image server). */
  allowAddresses?: readonly string[];
  /** Host name resolution; defaults to the system resolver. Injectable for tests (a fake DNS). */
  lookup?: ImageHostLookup;
}

/** Options with defaults applied and checked; built once per middleware. */
export interface DownloadPolicy {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  allowPrivateNetwork: boolean;
  allowAddresses: ReadonlySet<string>;
  lookup: ImageHostLookup;
}

const MAX_REDIRECTS = 3;

export function addressKey(address: string): string {
  const bytes = parseIpAddress(address);
  return bytes ? Buffer.from(bytes).toString('hex') : address;
}

function systemLookupAll(hostname: string): Promise<readonly ResolvedAddress[]> {
  return systemLookup(hostname, { all: true, verbatim: true });
}

/** Applies defaults and throws InvalidOptionError for a bad limit (names the option and the fix). */
export function resolveDownloadPolicy(options: DownloadPolicyOptions = {}): DownloadPolicy {
  const {
    maxBytes = DEFAULT_MAX_IMAGE_BYTES,
    timeoutMs = 15_000,
    maxRedirects = MAX_REDIRECTS,
    allowPrivateNetwork = false,
    allowAddresses = [],
    lookup = systemLookupAll,
  } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new InvalidOptionError({
      option: 'maxBytes',
      message: `maxBytes must be a positive integer number of bytes, got ${maxBytes}.`,
    });
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidOptionError({
      option: 'timeoutMs',
      message: `timeoutMs must be a positive number of milliseconds, got ${timeoutMs}.`,
    });
  }
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0 || maxRedirects > MAX_REDIRECTS) {
    throw new InvalidOptionError({
      option: 'maxRedirects',
      message: `maxRedirects must be an integer from 0 to ${MAX_REDIRECTS}, got ${maxRedirects}.`,
    });
  }
  for (const address of allowAddresses) {
    if (!parseIpAddress(address)) {
      throw new InvalidOptionError({
        option: 'allowAddresses',
        message: `allowAddresses takes IP addresses, not host names: "${address}" is not one. Write e.g. '127.0.0.1'.`,
      });
    }
  }
  if (typeof lookup !== 'function') {
    throw new InvalidOptionError({
      option: 'lookup',
      message: 'lookup must be a function (hostname) => Promise<{ address, family }[]>.',
    });
  }
  return {
    maxBytes,
    timeoutMs,
    maxRedirects,
    allowPrivateNetwork,
    allowAddresses: new Set(allowAddresses.map(addressKey)),
    lookup,
  };
}
