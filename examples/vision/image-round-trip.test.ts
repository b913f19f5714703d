// End to end: image parts made by @toolloop/core travel through the OpenAI provider to the
// simulator over a real socket, and the simulator reports exactly the bytes it decoded.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgent, hasErrorCode, type Message } from '@toolloop/core';
import { downloadImages, image } from '@toolloop/images';
import { openai } from '@toolloop/openai';
import { startSimulator } from '@toolloop/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makePng } from './make-png.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;
let sim: Sim;
let dir: string;
let imageServer: Server;
let imageOrigin: string;

// Not a gradient: every pixel differs, so any byte lost or changed on the way changes the hash.
const photo = makePng({
  width: 40,
  height: 30,
  pixel: (x, y) => [(x * 7 + y) & 255, (y * 13) & 255, (x * y) & 255],
});
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const report = (bytes: Uint8Array, size: string) =>
  `image/png ${bytes.length} bytes ${size} sha256=${sha256(bytes)}`;

function sentImageUrls(): Array<{ url: string; detail?: string }> {
  const body = sim.requests.at(-1)?.body as { messages: Array<{ role: string; content: unknown }> };
  const user = body.messages.find((message) => message.role === 'user');
  return ((user?.content ?? []) as Array<{ type: string; image_url?: { url: string; detail?: string } }>)
    .filter((part) => part.type === 'image_url')
    .map((part) => part.image_url!);
}

beforeAll(async () => {
  sim = await startSimulator();
  dir = await mkdtemp(join(tmpdir(), 'toolloop-vision-'));
  await writeFile(join(dir, 'photo.png'), photo);
  imageServer = createServer((req, res) => {
    if (req.url === '/photo.png') res.writeHead(200, { 'content-type': 'image/png' }).end(photo);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
  const address = imageServer.address();
  imageOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await sim.close();
  imageServer.closeAllConnections();
  await new Promise((resolve) => imageServer.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => sim.reset());

function model() {
  return openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' });
}

describe('images end to end: core → openai provider → simulator', () => {
  it('round-trips bytes from image.fromBytes byte for byte (size, dimensions, sha256)', async () => {
    const agent = createAgent({ model: model() });
    const result = await agent.run([
      {
        role: 'user',
        content: [{ type: 'text', text: '이 사진 분석해줘' }, image.fromBytes(photo, { detail: 'high' })],
      },
    ]);
    expect(result.text).toBe(`이미지 1개를 받았습니다.\nimages: 1; #1 ${report(photo, '40x30')}`);
    expect(sentImageUrls()).toEqual([
      { url: `data:image/png;base64,${photo.toString('base64')}`, detail: 'high' },
    ]);
  });

  it('round-trips a file read with image.fromFile, streaming, next to a URL passed through', async () => {
    const agent = createAgent({ model: model() });
    const messages: Message[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: '두 이미지를 비교해줘' },
          await image.fromFile(join(dir, 'photo.png'), { root: dir }),
          image.fromUrl('https://example.com/cat.jpg', { detail: 'low' }),
        ],
      },
    ];
    let text = '';
    for await (const event of agent.stream(messages)) if (event.type === 'text-delta') text += event.delta;
    expect(text).toBe(
      `이미지 2개를 받았습니다.\nimages: 2; #1 ${report(photo, '40x30')}; #2 url https://example.com/cat.jpg`,
    );
    expect(sentImageUrls()[1]).toEqual({ url: 'https://example.com/cat.jpg', detail: 'low' });
  });

  it('round-trips the example asset photo.png shipped in the repo', async () => {
    const part = await image.fromFile(new URL('./assets/photo.png', import.meta.url), {
      root: new URL('.', import.meta.url),
    });
    const result = await createAgent({ model: model() }).run([{ role: 'user', content: [part] }]);
    expect(result.text).toContain(`#1 ${report(part.data as Uint8Array, '32x24')}`);
  });

  it('with downloadImages, a URL is fetched by the client and arrives as bytes', async () => {
    const agent = createAgent({
      model: model(),
      middleware: [downloadImages({ allowAddresses: ['127.0.0.1'], timeoutMs: 5_000 })],
    });
    const result = await agent.run([
      {
        role: 'user',
        content: [
          { type: 'text', text: '이 이미지에 무엇이 보이나요?' },
          image.fromUrl(`${imageOrigin}/photo.png`),
        ],
      },
    ]);
    expect(result.text).toBe(`이미지 1개를 받았습니다.\nimages: 1; #1 ${report(photo, '40x30')}`);
  });

  it('with downloadImages, a URL to cloud metadata is refused before any model call', async () => {
    const agent = createAgent({ model: model(), middleware: [downloadImages()] });
    const error = await agent
      .run([{ role: 'user', content: [image.fromUrl('http://169.254.169.254/latest/meta-data/')] }])
      .catch((e: unknown) => e);
    expect(hasErrorCode(error, 'image-input')).toBe(true);
    expect((error as Error).message).toContain('link-local');
    expect(sim.requests).toHaveLength(0);
  });
});
