import { isIP, type LookupFunction } from 'node:net';
import { raceAbort } from '@toolloop/core/internal';
import { classifyIpAddress } from './classify-ip-address.js';
import { displayUrl } from './display-url.js';
import { addressKey, type DownloadPolicy, type ResolvedAddress } from './download-policy.js';
import { ImageInputError } from './image-input-error.js';

const reasonOf = (signal: AbortSignal): unknown => signal.reason;

/** Resolves the URL's host and checks every address; returns the one to connect to. */
export async function vetHost(
  url: URL,
  policy: DownloadPolicy,
  signal: AbortSignal,
  redirectedFrom: string | undefined,
): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  let addresses: readonly ResolvedAddress[];
  if (literal !== 0) {
    addresses = [{ address: host, family: literal }];
  } else {
    try {
      addresses = await raceAbort(policy.lookup(host), signal, reasonOf);
    } catch (cause) {
      if (signal.aborted) throw cause;
      throw new ImageInputError({
        rule: 'dns',
        source: displayUrl(url),
        message: `Could not resolve the host ${host} of image URL ${displayUrl(url)} (${(cause as NodeJS.ErrnoException).code ?? String(cause)}). Check the URL.`,
        cause,
      });
    }
    if (addresses.length === 0) {
      throw new ImageInputError({
        rule: 'dns',
        source: displayUrl(url),
        message: `The host ${host} of image URL ${displayUrl(url)} resolved to no address. Check the URL.`,
      });
    }
  }
  if (!policy.allowPrivateNetwork) {
    for (const { address } of addresses) {
      const kind = classifyIpAddress(address);
      if (kind === 'public' || policy.allowAddresses.has(addressKey(address))) continue;
      const resolved = literal === 0 ? ` resolves to ${address}, which is` : ' is';
      const via =
        redirectedFrom === undefined ? '' : ` (reached by a redirect from ${displayUrl(redirectedFrom)})`;
      throw new ImageInputError({
        rule: 'private-address',
        source: displayUrl(url),
        message: `Refusing to download image ${displayUrl(url)}${via}: its host ${host}${resolved} a ${kind} address, not a public one. Downloads only reach the public internet; for a local test server set allowPrivateNetwork: true or allowAddresses: ['${address}'].`,
      });
    }
  }
  return addresses[0]!;
}

/** A lookup that answers with the address we vetted, so DNS cannot change between check and connect. */
export function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return function lookupVettedAddress(_hostname, options, callback) {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}
