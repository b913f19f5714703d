import { describe, expect, it } from 'vitest';
import { endpointFromEnv } from './index.js';

describe('endpointFromEnv', () => {
  it('uses the real endpoint when OPENAI_BASE_URL or OPENAI_API_KEY is set', async () => {
    const endpoint = await endpointFromEnv({
      env: { OPENAI_BASE_URL: 'http://localhost:11434/v1/', OPENAI_MODEL: 'qwen' },
    });
    expect(endpoint).toMatchObject({ baseURL: 'http://localhost:11434/v1', model: 'qwen', offline: false });
    await endpoint.close();
  });

  it('leaves the base URL to the provider when only OPENAI_API_KEY is set', async () => {
    const endpoint = await endpointFromEnv({ env: { OPENAI_API_KEY: 'sk-test' } });
    expect(endpoint).toMatchObject({ baseURL: undefined, apiKey: 'sk-test', offline: false });
    expect(endpoint.description).toBe('Using the OpenAI API (OPENAI_API_KEY is set; model gpt-4o-mini).');
    await endpoint.close();
  });

  it('starts a simulator otherwise', async () => {
    const endpoint = await endpointFromEnv({ env: {}, defaultModel: 'gpt-4.1-mini' });
    try {
      expect(endpoint.offline).toBe(true);
      expect(endpoint.model).toBe('gpt-4.1-mini');
      const res = await fetch(`${endpoint.baseURL}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status).toBe(200);
    } finally {
      await endpoint.close();
    }
  });
});
