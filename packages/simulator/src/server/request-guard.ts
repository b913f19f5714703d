import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Header names whose values are credentials: never kept in `requests` or returned by the control API. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'cookie',
]);

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (the addresses a socket reports). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}

/** True for host names that can only mean this machine: localhost, 127.0.0.0/8 and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  return isLoopbackAddress(bare);
}

function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Why the simulator refuses a request, or `undefined` to serve it. A page on the web must not be
 * able to drive it: the Host must be a loopback name (a DNS-rebinding page sends its own name),
 * a browser's Origin must be a loopback origin, and the control API answers loopback peers only.
 * `allowRemote` (an explicit `--allow-remote`) lifts the Host rule for chat requests only.
 */
export function refusal(req: IncomingMessage, path: string, allowRemote: boolean): string | undefined {
  const control = path.startsWith('/_simulator/');
  const host = req.headers.host;
  const hostname = host === undefined ? undefined : hostnameOf(host);
  if ((!allowRemote || control) && (hostname === undefined || !isLoopbackHost(hostname))) {
    return `The simulator answers only requests addressed to a loopback name (127.0.0.1, localhost, [::1]); this one was addressed to ${JSON.stringify(host ?? '')}. A web page reaching it through DNS rebinding is refused.${control ? '' : ' Start it with --allow-remote (allowRemote: true) to serve other hosts.'}`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const originHost =
      origin === 'null' ? undefined : hostnameOf(origin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''));
    if (originHost === undefined || !isLoopbackHost(originHost)) {
      return `The simulator refuses requests from web pages on other origins (Origin ${JSON.stringify(origin)}): a page on the web must not be able to script its answers.`;
    }
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') {
    return 'The simulator refuses cross-site browser requests (Sec-Fetch-Site: cross-site).';
  }
  if (control && !isLoopbackAddress(req.socket.remoteAddress)) {
    return 'The simulator control API (/_simulator/…) answers only clients on this machine.';
  }
  return undefined;
}

/**
 * What `requests` keeps of a credential header: a short SHA-256 fingerprint, never the value, so a
 * test can still check which key was sent (`redactedCredential('Bearer sk-test')`) and a reader of
 * the control API learns nothing it could reuse.
 * @example expect(sim.requests[0]?.headers.authorization).toBe(redactedCredential('Bearer sk-test'))
 */
export function redactedCredential(value: string | readonly string[]): string {
  const text = typeof value === 'string' ? value : value.join(', ');
  return `[redacted sha256:${createHash('sha256').update(text).digest('hex').slice(0, 12)}]`;
}

/** The request's headers with credential values replaced by their fingerprint, for `requests`. */
export function recordableHeaders(
  headers: IncomingMessage['headers'],
): Record<string, string | string[] | undefined> {
  const kept: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    kept[name] = CREDENTIAL_HEADERS.has(name) && value !== undefined ? redactedCredential(value) : value;
  }
  return kept;
}
