import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/caching', () => {
  it('serves the second identical request from the cache and misses when a setting changes', async () => {
    const { code, stdout, stderr } = await runExample('caching');
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(
      /1st request \(temperature 0\) +: [\d.]+ ms, cache hit: false → 안녕하세요! 무엇을 도와드릴까요\?/,
    );
    expect(stdout).toMatch(
      /2nd identical request +: [\d.]+ ms, cache hit: true → 안녕하세요! 무엇을 도와드릴까요\?/,
    );
    expect(stdout).toMatch(
      /same prompt, temperature 0\.8: [\d.]+ ms, cache hit: false → 안녕하세요\. 오늘은/,
    );
    expect(stdout).toMatch(/time saved by the cache: [\d.]+ ms/);
    expect(stdout).toContain('cache stats: {"hits":1,"misses":2,"coalesced":0');
  });
});
