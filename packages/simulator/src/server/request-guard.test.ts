import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../types.js';
import { isLoopbackHost, redactedCredential } from './request-guard.js';
import { startSimulator } from './start-simulator.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ script: [] });
});
afterAll(() => sim.close());

/** One raw request to the simulator's socket with exactly these headers (Host included). */
function send(
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: sim.port, path, method: body ? 'POST' : 'GET', headers, setHost: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const chat = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: '안녕' }] });
const json = { 'content-type': 'application/json' };

describe('the simulator cannot be turned against its user', () => {
  it.each(['127.0.0.1', 'localhost', '[::1]', '127.9.9.9', 'LOCALHOST', 'app.localhost'])(
    'serves a request addressed to the loopback name %s',
    async (name) => {
      const reply = await send('/v1/chat/completions', { ...json, host: `${name}:${sim.port}` }, chat);
      expect(reply.status).toBe(200);
    },
  );

  it.each([
    'evil.example',
    'evil.example:80',
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    '0.0.0.0',
    '10.0.0.1',
    '[::ffff:7f00:1]',
    '',
  ])('refuses a request addressed to %j (DNS rebinding), chat and control API alike', async (host) => {
    for (const [path, body] of [
      ['/v1/chat/completions', chat],
      ['/_simulator/requests', ''],
      ['/_simulator/script', JSON.stringify([{ toolCalls: [{ name: 'rm_rf', arguments: {} }] }])],
    ] as const) {
      const reply = await send(path, { ...json, host }, body);
      expect(reply.status).toBe(403);
      expect(JSON.parse(reply.body).error.message).toMatch(/loopback/);
    }
  });

  it.each([
    'https://evil.example',
    'http://localhost.evil.example',
    'null',
    'http://10.0.0.1:8080',
    'file://',
  ])(
    'refuses a browser request from the origin %s, so a web page cannot script the next answer',
    async (origin) => {
      const script = JSON.stringify([{ text: 'injected' }]);
      const reply = await send(
        '/_simulator/script',
        { ...json, host: `127.0.0.1:${sim.port}`, origin },
        script,
      );
      expect(reply.status).toBe(403);
      const chatReply = await send(
        '/v1/chat/completions',
        { ...json, host: `127.0.0.1:${sim.port}`, origin },
        chat,
      );
      expect(chatReply.status).toBe(403);
    },
  );

  it('refuses a cross-site fetch even without an Origin header', async () => {
    const reply = await send(
      '/_simulator/reset',
      {
        ...json,
        host: `127.0.0.1:${sim.port}`,
        'sec-fetch-site': 'cross-site',
      },
      '{}',
    );
    expect(reply.status).toBe(403);
  });

  it('serves a local dev page (a loopback origin)', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000']) {
      const reply = await send(
        '/v1/chat/completions',
        { ...json, host: `localhost:${sim.port}`, origin },
        chat,
      );
      expect(reply.status).toBe(200);
    }
  });

  it('never records or returns credentials: requests keep a fingerprint only', async () => {
    const canary = 'sk-canary-0123456789abcdef';
    sim.reset();
    await send(
      '/v1/chat/completions',
      {
        ...json,
        host: `127.0.0.1:${sim.port}`,
        authorization: `Bearer ${canary}`,
        'api-key': canary,
        'x-api-key': canary,
        cookie: `session=${canary}`,
      },
      chat,
    );
    expect(JSON.stringify(sim.requests)).not.toContain(canary);
    expect(sim.requests[0]?.headers.authorization).toBe(redactedCredential(`Bearer ${canary}`));
    const listed = await send('/_simulator/requests', { host: `127.0.0.1:${sim.port}` });
    expect(listed.status).toBe(200);
    expect(listed.body).not.toContain(canary);
  });

  it('refuses to bind a non-loopback interface unless asked explicitly', async () => {
    await expect(startSimulator({ host: '0.0.0.0' })).rejects.toThrow(
      /allowRemote: true \(CLI: --allow-remote\)/,
    );
    await expect(startSimulator({ host: '192.168.1.10' })).rejects.toThrow(/loopback only/);
  });

  it('any Host that is not a loopback name is refused (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    const hostname = fc.oneof(
      fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.')),
      fc.ipV4().filter((ip) => !ip.startsWith('127.')),
      fc
        .ipV6()
        .map((ip) => `[${ip}]`)
        .filter((ip) => ip !== '[::1]' && !/^\[0*(:0*)*:0*1\]$/.test(ip)),
    );
    fc.assert(
      fc.property(hostname, (name) => {
        const expected = name === 'localhost' || name.endsWith('.localhost');
        expect(isLoopbackHost(name)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
