import { isIP } from 'node:net';

/** What kind of address an IP is. Only `public` may be fetched by `downloadImages` by default. */
export type IpAddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved'
  | 'unique-local'
  | 'ipv4-mapped'
  | 'invalid';

/** An IPv4 or IPv6 literal (brackets and a `%zone` allowed) as 4 or 16 bytes; undefined when not an IP. */
export function parseIpAddress(address: string): Uint8Array | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return Uint8Array.from(bare.split('.').map(Number));
  if (version !== 6) return undefined;
  let text = bare;
  // An embedded IPv4 in the last 32 bits (`::ffff:1.2.3.4`) becomes two hex groups.
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const toGroups = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16));
  const [left = '', right] = text.split('::');
  const l = toGroups(left);
  const r = right === undefined ? [] : toGroups(right);
  const groups = [...l, ...new Array<number>(8 - l.length - r.length).fill(0), ...r];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

function inPrefix(bytes: Uint8Array, prefix: readonly number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const take = Math.min(8, bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((prefix[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

const IPV4_RULES: ReadonlyArray<[readonly number[], number, IpAddressClass]> = [
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'cgnat'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'],
  [[192, 0, 2], 24, 'documentation'],
  [[192, 88, 99], 24, 'reserved'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'reserved'],
  [[198, 51, 100], 24, 'documentation'],
  [[203, 0, 113], 24, 'documentation'],
  [[224], 4, 'multicast'],
  [[255, 255, 255, 255], 32, 'broadcast'],
  [[240], 4, 'reserved'],
];

function classifyV4(bytes: Uint8Array): IpAddressClass {
  for (const [prefix, bits, kind] of IPV4_RULES) if (inPrefix(bytes, prefix, bits)) return kind;
  return 'public';
}

const IPV6_RULES: ReadonlyArray<[readonly number[], number, IpAddressClass]> = [
  [[], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96, 'ipv4-mapped'],
  [[0xfc], 7, 'unique-local'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'private'], // deprecated site-local
  [[0xff], 8, 'multicast'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation'],
  [[0x20, 0x01], 23, 'reserved'], // IETF protocol assignments, Teredo
];

function classifyV6(bytes: Uint8Array): IpAddressClass {
  for (const [prefix, bits, kind] of IPV6_RULES) if (inPrefix(bytes, prefix, bits)) return kind;
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address: judge that one.
  if (inPrefix(bytes, [0, 0x64, 0xff, 0x9b], 96)) return classifyV4(bytes.subarray(12));
  if (inPrefix(bytes, [0x20, 0x02], 16)) return classifyV4(bytes.subarray(2, 6));
  // Everything outside global unicast 2000::/3 (IPv4-compatible ::/96, discard 100::/64, …).
  if (!inPrefix(bytes, [0x20], 3)) return 'reserved';
  return 'public';
}

/**
 * Classifies an IP address literal: `public`, or why it must not be fetched (`loopback`,
 * `private`, `link-local` — which holds cloud metadata at 169.254.169.254 —, `cgnat`, `multicast`,
 * `unspecified`, `unique-local`, `ipv4-mapped`, …). `invalid` when the text is not an IP.
 * @example classifyIpAddress('169.254.169.254') // 'link-local'
 */
export function classifyIpAddress(address: string): IpAddressClass {
  const bytes = parseIpAddress(address);
  if (!bytes) return 'invalid';
  return bytes.length === 4 ? classifyV4(bytes) : classifyV6(bytes);
}
