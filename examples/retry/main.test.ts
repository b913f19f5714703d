import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/retry', () => {
  it('rides out a 429 and a 500 offline, printing each retry with its wait, and runs the tool once', async () => {
    const { code, stdout, stderr } = await runExample('retry');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('running offline against the built-in simulator at http://127.0.0.1:');
    // The 429 said retry-after-ms: 300, which wins over backoff.
    expect(stdout).toContain('재시도 1/3: 429 — 300ms 후 다시 시도 (서버의 retry-after)');
    // The 500 waits a full-jitter draw from [0, min(8000, 500 · 2^1)).
    const backoff = stdout.match(/재시도 2\/3: 500 — (\d+)ms 후 다시 시도 \(지수 백오프 \+ 지터\)/);
    expect(backoff).not.toBeNull();
    expect(Number(backoff![1])).toBeLessThan(1000);
    expect(stdout).toContain('모델 호출 1단계 완료 (재시도 2번)');
    expect(stdout).toMatch(/답변: .*서울/);
    expect(stdout).toContain('도구 실행: 1건, 호출마다 정확히 한 번');
    expect(stdout).toContain('포기 (retry-after-too-long): The server asked to wait 3600000 ms');
  });
});
