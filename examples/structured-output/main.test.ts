import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/structured-output', () => {
  it('returns a validated, typed weather report after a real get_weather call over HTTP', async () => {
    const { code, stdout, stderr } = await runExample('structured-output');
    expect(stderr).not.toContain('Error');
    expect(code).toBe(0);
    expect(stdout).toContain('schema sent strict');
    expect(stdout).toMatch(/→ 도구 호출 get_weather\(\{"city":"서울"/);
    expect(stdout).toMatch(/\(\d+ partial objects streamed\)/);
    const output = JSON.parse(stdout.match(/^output: (.*)$/m)![1]!);
    expect(output).toMatchObject({
      city: '서울',
      temperature: expect.any(Number),
      condition: expect.any(String),
    });
  });

  it('works the same in JSON mode (servers without json_schema)', async () => {
    const { code, stdout } = await runExample('structured-output', ['부산 날씨 알려줘'], {
      TOOLLOOP_OUTPUT_STRATEGY: 'json',
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^output: \{"city":"부산"/m);
  });
});
