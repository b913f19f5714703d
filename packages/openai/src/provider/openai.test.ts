import { hasErrorCode, InvalidOptionError } from '@toolloop/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openai } from './openai.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('openai()', () => {
  it('is a Model with provider, modelId and baseURL (trailing slash dropped)', () => {
    const model = openai('gpt-4o-mini', { baseURL: 'http://localhost:11434/v1/', apiKey: 'k' });
    expect(model.provider).toBe('openai');
    expect(model.modelId).toBe('gpt-4o-mini');
    expect(model.baseURL).toBe('http://localhost:11434/v1');
  });

  it('reads OPENAI_BASE_URL, else defaults to api.openai.com', () => {
    vi.stubEnv('OPENAI_BASE_URL', 'http://127.0.0.1:8000/v1');
    expect(openai('m').baseURL).toBe('http://127.0.0.1:8000/v1');
    vi.stubEnv('OPENAI_BASE_URL', '');
    expect(openai('m').baseURL).toBe('https://api.openai.com/v1');
  });

  it('without a key, api.openai.com fails at call time naming OPENAI_API_KEY', async () => {
    vi.stubEnv('OPENAI_BASE_URL', '');
    vi.stubEnv('OPENAI_API_KEY', '');
    const model = openai('gpt-4o-mini');
    const error = await model.generate(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('apiKey');
    expect((error as Error).message).toContain('OPENAI_API_KEY');
    const streamed = await (async () => {
      for await (const _ of model.stream(ask)) {
        // unreachable
      }
    })().catch((e: unknown) => e);
    expect(hasErrorCode(streamed, 'invalid-option')).toBe(true);
  });

  it('rejects a baseURL that is not a URL, and non-positive timeouts, at construction', () => {
    expect(() => openai('m', { baseURL: 'localhost:11434' })).toThrow(/baseURL/);
    expect(() => openai('m', { baseURL: 'not a url' })).toThrow(InvalidOptionError);
    expect(() => openai('m', { baseURL: 'http://x/v1', idleTimeoutMs: 0 })).toThrow(/idleTimeoutMs/);
    expect(() => openai('m', { baseURL: 'http://x/v1', firstChunkTimeoutMs: -1 })).toThrow(
      /firstChunkTimeoutMs/,
    );
  });

  describe("a value no HTTP header may carry is the user's mistake, refused at openai() time", () => {
    const canary = 'sk-canary-crlf-0123456789';
    it.each([
      ['apiKey', { apiKey: `${canary}\n` }, 'LF'],
      ['apiKey', { apiKey: `${canary}\r\n` }, 'CR'],
      ['apiKey', { apiKey: `sk-\0${canary}` }, 'NUL'],
      ['organization', { apiKey: 'k', organization: 'org\nX-Injected: 1' }, 'LF'],
      ['project', { apiKey: 'k', project: 'p\r' }, 'CR'],
      ['headers["api-key"]', { headers: { 'api-key': `${canary}\n` } }, 'LF'],
      ['headers["x-debug"]', { apiKey: 'k', headers: { 'x-debug': 'a\r\nb' } }, 'CR'],
    ] as const)('%s with %s', (option, options, what) => {
      let error: unknown;
      try {
        openai('gpt-4o-mini', { baseURL: 'http://127.0.0.1:9/v1', ...options });
      } catch (caught) {
        error = caught;
      }
      expect(InvalidOptionError.isInstance(error)).toBe(true);
      expect((error as InvalidOptionError).message).toContain(option);
      expect((error as InvalidOptionError).message).toContain(what);
      expect((error as InvalidOptionError).message).toContain('trim');
      expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(canary);
    });

    it('a header name that is not a token is refused too', () => {
      expect(() => openai('m', { baseURL: 'http://127.0.0.1:9/v1', headers: { 'x bad': '1' } })).toThrow(
        /not a valid HTTP header name/,
      );
    });
  });

  it('treats a key given as the baseURL user name as a secret', () => {
    const model = openai('gpt-4o-mini', { baseURL: 'http://gw-user-as-key-0123456789@127.0.0.1:9/v1' });
    expect(model.redact?.('echo: gw-user-as-key-0123456789')).toBe('echo: [REDACTED]');
    expect(model.baseURL).not.toContain('gw-user-as-key');
  });
});
