import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/weather-agent', () => {
  it('answers offline through a real get_weather call over HTTP to the simulator', async () => {
    const { code, stdout } = await runExample('weather-agent');
    expect(code).toBe(0);
    expect(stdout).toContain('running offline against the built-in simulator at http://127.0.0.1:');
    expect(stdout).toMatch(/→ 도구 호출 get_weather\(\{"city":"서울"/);
    expect(stdout).toMatch(/← 도구 결과 get_weather: \{"city":"서울"/);
    expect(stdout).toMatch(/답변: .*서울/);
  });

  it('calls get_weather once per city, in parallel, for a two-city question', async () => {
    const { code, stdout } = await runExample('weather-agent', ['서울과 부산 날씨 알려줘']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/→ 도구 호출 get_weather\(\{"city":"서울"/);
    expect(stdout).toMatch(/→ 도구 호출 get_weather\(\{"city":"부산"/);
    expect(stdout.match(/← 도구 결과 get_weather/g)).toHaveLength(2);
  });

  it('takes the question from the command line', async () => {
    const { code, stdout } = await runExample('weather-agent', ['부산 날씨 알려줘']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/get_weather\(\{"city":"부산"/);
  });
});
