import { createHash } from 'node:crypto';
import type { ModelRequest } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import { cacheKey } from './cache-key.js';
import { canonicalJson } from './canonical-json.js';
import { keyMaterial } from './key-material.js';

const model = { provider: 'openai', modelId: 'gpt-4o-mini', baseURL: 'https://api.openai.com/v1' };
const base: ModelRequest = {
  messages: [
    { role: 'system', content: '간결하게 답변해주세요.' },
    { role: 'user', content: '안녕하세요' },
  ],
  tools: [
    {
      name: 'get_weather',
      description: '날씨',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  ],
  toolChoice: 'auto',
  settings: { maxTokens: 256, temperature: 0 },
};

const key = (request: ModelRequest, m = model, namespace?: string) =>
  cacheKey({ request, model: m, namespace });

describe('cacheKey', () => {
  it('is the empty namespace part and a hex SHA-256 and is stable for equal requests built in another key order', () => {
    const reordered: ModelRequest = {
      settings: { temperature: 0, maxTokens: 256 },
      toolChoice: 'auto',
      tools: [
        {
          parameters: { properties: { city: { type: 'string' } }, type: 'object' },
          description: '날씨',
          name: 'get_weather',
        },
      ],
      messages: [
        { content: '간결하게 답변해주세요.', role: 'system' },
        { content: '안녕하세요', role: 'user' },
      ],
    };
    expect(key(base)).toMatch(/^:[0-9a-f]{64}$/);
    expect(key(reordered)).toBe(key(base));
    expect(key({ ...base, settings: { ...base.settings, topP: undefined } })).toBe(key(base));
  });

  it.each<[string, ModelRequest, typeof model]>([
    [
      'the system prompt',
      { ...base, messages: [{ role: 'system', content: '자세히' }, base.messages[1]!] },
      model,
    ],
    [
      'the user message',
      { ...base, messages: [base.messages[0]!, { role: 'user', content: '안녕' }] },
      model,
    ],
    ['the temperature', { ...base, settings: { maxTokens: 256, temperature: 0.7 } }, model],
    ['maxTokens', { ...base, settings: { maxTokens: 100, temperature: 0 } }, model],
    ['the tool schema', { ...base, tools: [{ ...base.tools![0]!, parameters: { type: 'object' } }] }, model],
    ['the tool description', { ...base, tools: [{ ...base.tools![0]!, description: '기온' }] }, model],
    ['the tool name', { ...base, tools: [{ ...base.tools![0]!, name: 'get_time' }] }, model],
    ['toolChoice', { ...base, toolChoice: 'required' }, model],
    ['the response format', { ...base, responseFormat: { type: 'json' } }, model],
    ['the model id', base, { ...model, modelId: 'gpt-4o' }],
    ['the base URL', base, { ...model, baseURL: 'http://127.0.0.1:11434/v1' }],
    ['the provider', base, { ...model, provider: 'groq' }],
  ])('changes with %s', (_what, request, m) => {
    expect(key(request, m)).not.toBe(key(base));
  });

  it('changes with the namespace', () => {
    expect(key(base, model, 'tenant-a')).not.toBe(key(base, model, 'tenant-b'));
    expect(key(base, model, 'tenant-a')).not.toBe(key(base));
  });

  it('hashes image bytes: a Uint8Array and its base64 give one key, and the bytes are not in the material', () => {
    const bytes = new Uint8Array(2048).map((_, i) => (i * 7) % 256);
    const base64 = Buffer.from(bytes).toString('base64');
    const withImage = (data: Uint8Array | string): ModelRequest => ({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '이 이미지를 설명해주세요' },
            { type: 'image', data, mimeType: 'image/png' },
          ],
        },
      ],
    });
    expect(key(withImage(bytes))).toBe(key(withImage(base64)));
    const other = bytes.slice();
    other[0] = 255;
    expect(key(withImage(other))).not.toBe(key(withImage(bytes)));
    const text = canonicalJson(keyMaterial({ request: withImage(base64), model }));
    expect(text).not.toContain(base64.slice(0, 40));
    expect(text).toContain(`"sha256":"${createHash('sha256').update(bytes).digest('hex')}"`);
  });

  it('does not read anything but provider, model id and base URL from the model (no API key)', () => {
    const withSecret = {
      ...model,
      apiKey: 'sk-canary-0123456789abcdef',
      headers: { authorization: 'Bearer sk-canary-0123456789abcdef' },
    };
    const text = canonicalJson(keyMaterial({ request: base, model: withSecret }));
    expect(text).not.toContain('sk-canary');
    expect(key(base, withSecret)).toBe(key(base));
  });
});
