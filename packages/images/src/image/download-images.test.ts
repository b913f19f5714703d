import type { ImageDataPart, Message, UserContentPart } from '@toolloop/core';
import { createAgent, type Tool, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadImages } from './download-images.js';
import { fakeLookup, type ImageServer, png, startImageServer } from './test-utils.js';

const photo = png(8, 6);
let server: ImageServer;
beforeAll(async () => {
  server = await startImageServer(photo);
});
afterAll(() => server.close());

function userContent(messages: Message[]): UserContentPart[] {
  const user = messages.find((message) => message.role === 'user');
  if (!user || typeof user.content === 'string') throw new Error('no user parts');
  return user.content;
}

describe('downloadImages', () => {
  it('replaces http(s) image URLs with data parts before a generate call, leaving the rest alone', async () => {
    const model = scriptedModel({ turns: [{ text: 'ok' }] });
    const wrapped = wrapModel({ model, middleware: [downloadImages({ allowAddresses: ['127.0.0.1'] })] });
    const dataUrl = `data:image/png;base64,${photo.toString('base64')}`;
    const original: UserContentPart[] = [
      { type: 'text', text: '이 이미지에 무엇이 보이나요?' },
      { type: 'image', url: `${server.origin}/photo.png`, detail: 'high' },
      { type: 'image', url: dataUrl },
    ];
    const messages: Message[] = [{ role: 'user', content: original }];
    await wrapped.generate({ messages });
    const sent = userContent(model.calls[0]!.messages);
    expect(sent[0]).toEqual(original[0]);
    const downloaded = sent[1] as ImageDataPart;
    expect(downloaded).toMatchObject({ type: 'image', mimeType: 'image/png', detail: 'high' });
    expect(Buffer.from(downloaded.data as Uint8Array).equals(photo)).toBe(true);
    expect(sent[2]).toEqual({ type: 'image', url: dataUrl });
    // The caller's messages are not mutated.
    expect(original[1]).toEqual({ type: 'image', url: `${server.origin}/photo.png`, detail: 'high' });
  });

  it('does the same for streaming calls', async () => {
    const model = scriptedModel({ turns: [{ text: 'streamed' }] });
    const wrapped = wrapModel({ model, middleware: [downloadImages({ allowPrivateNetwork: true })] });
    const parts = [];
    for await (const part of wrapped.stream({
      messages: [{ role: 'user', content: [{ type: 'image', url: `${server.origin}/photo.png` }] }],
    })) {
      parts.push(part);
    }
    expect(parts.at(-1)?.type).toBe('finish');
    expect(userContent(model.calls[0]!.messages)[0]).toMatchObject({ mimeType: 'image/png' });
  });

  it('passes a request without image URLs through untouched', async () => {
    const model = scriptedModel({ turns: [{ text: 'ok' }] });
    const wrapped = wrapModel({ model, middleware: [downloadImages()] });
    const request = { messages: [{ role: 'user' as const, content: '안녕' }] };
    await wrapped.generate(request);
    expect(model.calls[0]).toBe(request);
  });

  it('refuses private addresses by default and never calls the model', async () => {
    const model = scriptedModel({ turns: [{ text: 'never' }] });
    const lookup = fakeLookup({ 'metadata.example.test': ['169.254.169.254'] });
    const wrapped = wrapModel({ model, middleware: [downloadImages({ lookup })] });
    await expect(
      wrapped.generate({
        messages: [{ role: 'user', content: [{ type: 'image', url: `${server.origin}/photo.png` }] }],
      }),
    ).rejects.toMatchObject({ code: 'image-input', rule: 'private-address' });
    await expect(
      wrapped.generate({
        messages: [{ role: 'user', content: [{ type: 'image', url: 'http://metadata.example.test/' }] }],
      }),
    ).rejects.toThrow(/resolves to 169\.254\.169\.254, which is a link-local address/);
    expect(model.calls).toHaveLength(0);
  });

  it('refuses file: URL parts', async () => {
    const model = scriptedModel({ turns: [{ text: 'never' }] });
    const wrapped = wrapModel({ model, middleware: [downloadImages()] });
    await expect(
      wrapped.generate({
        messages: [{ role: 'user', content: [{ type: 'image', url: 'file:///etc/passwd' }] }],
      }),
    ).rejects.toMatchObject({ code: 'image-input', rule: 'scheme' });
    expect(model.calls).toHaveLength(0);
  });

  it('uses the injected lookup and downloads an image once per agent run, across steps', async () => {
    const lookup = fakeLookup({ 'cdn.example.test': ['127.0.0.1'] });
    const before = server.hits.get('/photo.png') ?? 0;
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'noop', arguments: {} }] }, { text: '다 봤습니다' }],
    });
    const noop: Tool = {
      name: 'noop',
      description: 'does nothing',
      jsonSchema: { type: 'object', properties: {} },
      parseInput: (input) => ({ success: true, data: input }),
      execute: async () => 'done',
    };
    const agent = createAgent({
      model,
      tools: [noop],
      middleware: [downloadImages({ lookup, allowAddresses: ['127.0.0.1'] })],
    });
    const result = await agent.run([
      { role: 'user', content: [{ type: 'image', url: `http://cdn.example.test:${server.port}/photo.png` }] },
    ]);
    expect(result.text).toBe('다 봤습니다');
    expect(model.calls).toHaveLength(2);
    for (const call of model.calls)
      expect(userContent(call.messages)[0]).toMatchObject({ mimeType: 'image/png' });
    expect((server.hits.get('/photo.png') ?? 0) - before).toBe(1);
    expect(lookup.calls).toEqual(['cdn.example.test']);
  });

  it('checks its options when it is created', () => {
    expect(() => downloadImages({ timeoutMs: -1 })).toThrow(/timeoutMs must be a positive number/);
  });
});
