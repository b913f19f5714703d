import { testPng as png } from '@toolloop/core/test';

export { png };

/** The first bytes of a JPEG (SOI + APP0 JFIF), enough for sniffing. */
export const JPEG_HEAD = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');
/** A 1×1 GIF header. */
export const GIF_HEAD = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1');
/** A WebP RIFF header. */
export const WEBP_HEAD = Buffer.from(
  'RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x00',
  'latin1',
);
/** An SVG with a script: what must never reach a model as an image. */
export const SVG = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
);

/** A local image server on 127.0.0.1 for download tests; `hits` counts requests per path. */
export interface ImageServer {
  origin: string;
  port: number;
  hits: Map<string, number>;
  /** Host headers received, in order. */
  hosts: string[];
  /** Resolves when /slow has sent its headers and first bytes. */
  slowStarted: Promise<void>;
  /** Resolves when the client closed /endless. */
  endlessClosed: Promise<number>;
  close(): Promise<void>;
}

export async function startImageServer(photo: Buffer): Promise<ImageServer> {
  const { createServer } = await import('node:http');
  const hits = new Map<string, number>();
  const hosts: string[] = [];
  let slowStartedResolve!: () => void;
  const slowStarted = new Promise<void>((resolve) => {
    slowStartedResolve = resolve;
  });
  let endlessResolve!: (written: number) => void;
  const endlessClosed = new Promise<number>((resolve) => {
    endlessResolve = resolve;
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    hosts.push(req.headers.host ?? '');
    const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
    if (hop) {
      const n = Number(hop[1]);
      res.writeHead(302, { location: n <= 1 ? '/photo.png' : `/hop/${n - 1}` }).end();
      return;
    }
    switch (url.pathname) {
      case '/photo.png':
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': photo.length });
        res.end(photo);
        return;
      case '/redirect':
        res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
        return;
      case '/logo.svg':
        res.writeHead(200, { 'content-type': 'image/svg+xml' });
        res.end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
        return;
      case '/page.html':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end('<html><body>not an image</body></html>');
        return;
      case '/declared-big':
        res.writeHead(200, { 'content-length': 50_000_000 });
        res.write(photo);
        return;
      case '/endless': {
        // No content-length: the client must count and stop by itself.
        res.writeHead(200, { 'content-type': 'image/png' });
        let written = 0;
        const block = Buffer.alloc(16 * 1024, 7);
        const pump = () => {
          while (!res.destroyed && written < 200_000_000) {
            written += block.length;
            if (!res.write(block)) return void res.once('drain', pump);
          }
        };
        res.on('close', () => endlessResolve(written));
        res.write(photo.subarray(0, 8));
        pump();
        return;
      }
      case '/bad-location':
        // Written raw: any Location a hostile server may send, valid URL or not.
        res.socket?.end(
          `HTTP/1.1 302 Found\r\nLocation: ${url.searchParams.get('to') ?? ''}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        );
        return;
      case '/cut-chunked':
        // Chunked body, then the connection drops mid-body (no final chunk).
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(photo.subarray(0, 20), () => res.socket?.destroy());
        return;
      case '/cut-declared':
        // Declares the full length, sends part, then the connection drops.
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': photo.length });
        res.write(photo.subarray(0, 20), () => res.socket?.destroy());
        return;
      case '/slow':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(photo.subarray(0, 16), () => slowStartedResolve());
        return; // never ends
      default:
        res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits,
    hosts,
    slowStarted,
    endlessClosed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fake DNS: example.test names mapped to fixed addresses; anything else is ENOTFOUND. */
export function fakeLookup(table: Record<string, string[]>) {
  const calls: string[] = [];
  async function lookup(hostname: string) {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }
  return Object.assign(lookup, { calls });
}
