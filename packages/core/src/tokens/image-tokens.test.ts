import { describe, expect, it } from 'vitest';
import { imageTokens } from './image-tokens.js';

describe('imageTokens', () => {
  it('follows OpenAI’s worked examples for the tile rule', () => {
    expect(imageTokens({ width: 1024, height: 1024 }, 'high', 'gpt-4o')).toBe(765);
    expect(imageTokens({ width: 2048, height: 4096 }, 'high', 'gpt-4o')).toBe(1105);
    expect(imageTokens({ width: 4096, height: 8192 }, 'low', 'gpt-4o')).toBe(85);
    // auto picks high; a small image is never scaled up: 128×64 is one tile.
    expect(imageTokens({ width: 128, height: 64 }, 'auto', 'gpt-4o-2024-08-06')).toBe(255);
    expect(imageTokens({ width: 128, height: 64 }, undefined, 'gpt-4.1')).toBe(255);
  });

  it('follows OpenAI’s worked example for patches (1800×2400 → 1452 on gpt-4.1-mini’s scale)', () => {
    expect(imageTokens({ width: 1024, height: 1024 }, 'high', 'gpt-4.1-mini')).toBe(Math.ceil(1024 * 1.62));
    expect(imageTokens({ width: 1800, height: 2400 }, 'high', 'gpt-4.1-mini')).toBe(Math.ceil(1452 * 1.62));
    expect(imageTokens({ width: 128, height: 64 }, 'low', 'o4-mini')).toBe(Math.ceil(8 * 1.72));
  });

  it('uses each model’s base and tile tokens', () => {
    expect(imageTokens({ width: 128, height: 64 }, 'low', 'gpt-4o-mini')).toBe(2833);
    expect(imageTokens({ width: 128, height: 64 }, 'high', 'openai/gpt-4o-mini')).toBe(2833 + 5667);
    expect(imageTokens({ width: 1024, height: 1024 }, 'high', 'o1')).toBe(75 + 150 * 4);
    expect(imageTokens({ width: 1024, height: 1024 }, 'high', 'llava:13b')).toBe(765);
  });
});
