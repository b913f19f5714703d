import { describe, expect, it } from 'vitest';
import { encodingForModel } from './encoding-for-model.js';

describe('encodingForModel', () => {
  it('maps current OpenAI families to o200k_base and gpt-4 / gpt-3.5 to cl100k_base', () => {
    for (const model of [
      'gpt-4o',
      'gpt-4o-mini-2024-07-18',
      'gpt-4.1-nano',
      'gpt-5',
      'gpt-5-mini',
      'o1',
      'o3-mini',
      'o4-mini',
      'chatgpt-4o-latest',
    ]) {
      expect(encodingForModel(model), model).toBe('o200k_base');
    }
    for (const model of [
      'gpt-4',
      'gpt-4-0613',
      'gpt-4-turbo',
      'gpt-3.5-turbo-0125',
      'gpt-35-turbo',
      'text-embedding-3-small',
    ]) {
      expect(encodingForModel(model), model).toBe('cl100k_base');
    }
  });

  it('accepts vendor prefixes and fine-tune ids, and knows nothing of other vendors', () => {
    expect(encodingForModel('openai/gpt-4o')).toBe('o200k_base');
    expect(encodingForModel('ft:gpt-4o-mini-2024-07-18:acme::abc123')).toBe('o200k_base');
    for (const model of [
      'llama3.1:8b',
      'qwen2.5-coder',
      'claude-haiku-4-5',
      'gpt-oss-20b',
      'o1x',
      'gpt-40',
    ]) {
      expect(encodingForModel(model), model).toBeUndefined();
    }
  });
});
