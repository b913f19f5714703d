import { hasErrorCode } from '@toolloop/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DownloadImageOptions, downloadImage } from './download-image.js';
import { ImageInputError } from './image-input-error.js';
import { fakeLookup, type ImageServer, png, startImageServer } from './test-utils.js';

const photo = png(16, 16);
let server: ImageServer;

const dns = fakeLookup({
  'images.example.test': ['127.0.0.1'],
  'metadata.example.test': ['169.254.169.254'],
  'mixed.example.test': ['93.184.216.34', '10.0.0.7'],
  'public.example.test': ['93.184.216.34'],
});

beforeAll(async () => {
  server = await startImageServer(photo);
});
afterAll(() => server.close());
afterEach(() => {
  vi.useRealTimers();
});

async function refusal(url: string, options: DownloadImageOptions = {}): Promise<ImageInputError> {
  const error = await downloadImage(url, { lookup: dns, timeoutMs: 5_000, ...options }).then(
    () => {
      throw new Error(`expected ${url} to be refused`);
    },
    (e: unknown) => e,
  );
  if (!ImageInputError.isInstance(error)) throw error;
  return error as ImageInputError;
}

describe('downloadImage', () => {
  it('downloads by host name, connecting to the vetted address, and sniffs the bytes', async () => {
    const part = await downloadImage(`http://images.example.test:${server.port}/photo.png`, {
      lookup: dns,
      allowAddresses: ['127.0.0.1'],
      detail: 'low',
    });
    expect(part.mimeType).toBe('image/png'); // sniffed, not the server's application/octet-stream
    expect(part.detail).toBe('low');
    expect(Buffer.from(part.data as Uint8Array).equals(photo)).toBe(true);
    expect(server.hosts.at(-1)).toBe(`images.example.test:${server.port}`);
  });

  it('reaches loopback only when allowPrivateNetwork is set', async () => {
    const part = await downloadImage(`${server.origin}/photo.png`, { allowPrivateNetwork: true });
    expect(Buffer.from(part.data as Uint8Array).equals(photo)).toBe(true);
    expect((await refusal(`${server.origin}/photo.png`)).rule).toBe('private-address');
  });

  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'ipv4-mapped'],
    ['http://[fd00::1]/', 'unique-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://0x7f.1/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://10.0.0.1/', 'private'],
    ['http://100.64.0.1/', 'cgnat'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://224.0.0.1/', 'multicast'],
  ])('refuses %s (%s) before connecting', async (url, kind) => {
    const calls = dns.calls.length;
    const error = await refusal(url);
    expect(error.rule).toBe('private-address');
    expect(error.message).toContain(`a ${kind} address`);
    expect(error.message).toMatch(/allowPrivateNetwork/);
    expect(error.message).not.toMatch(/redirect/);
    expect(dns.calls.length).toBe(calls); // a literal address needs no DNS
  });

  it('refuses a host name that resolves to a private address', async () => {
    const error = await refusal('http://metadata.example.test/latest/meta-data/');
    expect(error.rule).toBe('private-address');
    expect(error.message).toContain('resolves to 169.254.169.254');
    expect(dns.calls).toContain('metadata.example.test');
  });

  it('refuses a host name when any one of its addresses is private', async () => {
    const error = await refusal('https://mixed.example.test/cat.png');
    expect(error.rule).toBe('private-address');
    expect(error.message).toContain('10.0.0.7');
  });

  it('refuses file: and other schemes', async () => {
    const error = await refusal('file:///etc/passwd');
    expect(error.rule).toBe('scheme');
    expect(error.message).toMatch(/only http: and https:/);
    expect((await refusal('ftp://example.com/a.png')).rule).toBe('scheme');
  });

  it('re-checks every redirect: a local server redirecting to 169.254.169.254 is refused', async () => {
    // 127.0.0.1 is allowed for the first hop only through allowAddresses; the redirect target is not.
    const to = encodeURIComponent('http://169.254.169.254/latest/meta-data/');
    const error = await refusal(`${server.origin}/redirect?to=${to}`, { allowAddresses: ['127.0.0.1'] });
    expect(error.rule).toBe('private-address');
    expect(error.source).toBe('http://169.254.169.254/latest/meta-data/');
    expect(error.message).toMatch(/reached by a redirect from/);
    expect(server.hits.get('/redirect')).toBeGreaterThan(0); // the first hop really went to the local server
  });

  it('re-checks DNS after a redirect to a host name resolving to a private address', async () => {
    const to = encodeURIComponent('http://metadata.example.test/');
    const error = await refusal(`http://images.example.test:${server.port}/redirect?to=${to}`, {
      allowAddresses: ['127.0.0.1'],
    });
    expect(error.rule).toBe('private-address');
    expect(error.message).toContain('resolves to 169.254.169.254');
  });

  it('refuses a redirect to file:', async () => {
    const error = await refusal(`${server.origin}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`, {
      allowAddresses: ['127.0.0.1'],
    });
    expect(error.rule).toBe('scheme');
    expect(error.message).toMatch(/redirected to from/);
  });

  it.each([
    'http://[::1',
    'http://exa mple.com/',
    'http://a:99999/',
    'https://%zz/',
    '//[bad',
    'http://',
    'http://1.2.3.4.5.6/',
  ])(
    'a redirect to the malformed Location %j is the redirect rule, never a raw TypeError',
    async (location) => {
      const error = await refusal(`${server.origin}/bad-location?to=${encodeURIComponent(location)}`, {
        allowAddresses: ['127.0.0.1'],
      });
      expect(error.rule).toBe('redirect');
      expect(error.message).toMatch(/Location header that is not a valid URL/);
    },
  );

  it.each(['/cut-chunked', '/cut-declared'])(
    'a connection closed mid-body (%s) is the incomplete rule, never a raw "aborted"',
    async (path) => {
      const error = await refusal(`${server.origin}${path}`, { allowAddresses: ['127.0.0.1'] });
      expect(error.rule).toBe('incomplete');
    },
  );

  it('follows up to 3 redirects and refuses a fourth', async () => {
    const part = await downloadImage(`${server.origin}/hop/3`, { allowAddresses: ['127.0.0.1'] });
    expect(Buffer.from(part.data as Uint8Array).equals(photo)).toBe(true);
    expect((await refusal(`${server.origin}/hop/4`, { allowAddresses: ['127.0.0.1'] })).rule).toBe(
      'too-many-redirects',
    );
    expect(
      (await refusal(`${server.origin}/hop/1`, { allowAddresses: ['127.0.0.1'], maxRedirects: 0 })).rule,
    ).toBe('too-many-redirects');
  });

  it('stops a body without content-length at maxBytes', async () => {
    const error = await refusal(`${server.origin}/endless`, { allowPrivateNetwork: true, maxBytes: 100_000 });
    expect(error.rule).toBe('too-large');
    expect(error.message).toContain('maxBytes=100000');
    // The server saw the connection closed long before its 200 MB were written.
    expect(await server.endlessClosed).toBeLessThan(50_000_000);
  });

  it('refuses a declared content-length over maxBytes before reading the body', async () => {
    const error = await refusal(`${server.origin}/declared-big`, { allowPrivateNetwork: true });
    expect(error.rule).toBe('too-large');
    expect(error.message).toContain('50000000 bytes');
  });

  it('times out a slow download (timeoutMs covers the whole body)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = downloadImage(`${server.origin}/slow`, { allowPrivateNetwork: true, timeoutMs: 2_000 });
    const settled = pending.catch((e: unknown) => e);
    await server.slowStarted;
    await vi.advanceTimersByTimeAsync(2_000);
    const error = await settled;
    expect(hasErrorCode(error, 'timeout')).toBe(true);
    expect((error as Error).message).toContain('timeoutMs=2000');
  });

  it('times out a DNS lookup that never answers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const settled = downloadImage('https://stuck.example.test/a.png', {
      lookup: () => new Promise(() => {}),
      timeoutMs: 1_000,
    }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(hasErrorCode(await settled, 'timeout')).toBe(true);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const settled = downloadImage(`${server.origin}/slow`, {
      allowPrivateNetwork: true,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    controller.abort();
    expect(hasErrorCode(await settled, 'aborted')).toBe(true);
  });

  it('refuses SVG, non-image bodies and error statuses', async () => {
    const local = { allowPrivateNetwork: true };
    expect((await refusal(`${server.origin}/logo.svg`, local)).rule).toBe('svg');
    expect((await refusal(`${server.origin}/page.html`, local)).rule).toBe('unsupported-type');
    const missing = await refusal(`${server.origin}/missing.png`, local);
    expect(missing.rule).toBe('http-status');
    expect(missing.message).toContain('HTTP 404');
  });

  it('reports unknown hosts and bad options clearly', async () => {
    expect((await refusal('https://nowhere.example.test/a.png')).rule).toBe('dns');
    await expect(downloadImage('https://public.example.test/', { maxBytes: 0 })).rejects.toMatchObject({
      code: 'invalid-option',
      option: 'maxBytes',
    });
    await expect(
      downloadImage('https://public.example.test/', { allowAddresses: ['localhost'] }),
    ).rejects.toMatchObject({ code: 'invalid-option', option: 'allowAddresses' });
    await expect(downloadImage('https://public.example.test/', { maxRedirects: 10 })).rejects.toMatchObject({
      code: 'invalid-option',
      option: 'maxRedirects',
    });
  });
});
