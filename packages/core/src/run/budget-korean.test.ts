import { describe, expect, it } from 'vitest';
import { scriptedModel } from '../test/scripted-model.js';
import { objectTool } from '../test/test-tools.js';
import { countTokens, loadTokenizer } from '../tokens/count-tokens.js';
import { estimateRequestTokens } from '../tokens/estimate-request-tokens.js';
import { createAgent } from './create-agent.js';

// The guide's own "bad" Korean prompt: 63 characters, 32 o200k tokens, where characters / 4 says 16.
const QUESTION =
  '안녕하세요! 저는 오늘 날씨가 어떤지 궁금해서 질문을 드리는데요, 혹시 서울의 현재 날씨를 알려주실 수 있을까요?';
// A Korean tool result: dense text a characters/4 guess under-counts by more than half.
const FORECAST =
  '서울은 오늘 대체로 맑고 오후에 구름이 조금 끼겠습니다. 낮 최고 기온은 이십이 도, 밤 최저 기온은 십삼 도로 예상됩니다. '.repeat(
    4,
  );

async function run(model: string, maxTotalTokens: number) {
  const scripted = scriptedModel({
    modelId: model,
    turns: [{ toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }] }, { text: '맑아요' }],
  });
  const tool = objectTool({ name: 'get_weather', execute: () => FORECAST });
  const result = await createAgent({ model: scripted, tools: [tool], budget: { maxTotalTokens } }).run(
    QUESTION,
  );
  return { result, calls: scripted.calls.length };
}

describe('budgets count Korean as the tokenizer does', () => {
  it.each([
    ['gpt-4o-mini', true],
    ['llama3.1:8b', false],
  ])(
    '%s: a budget that characters / 4 would pass stops the run at the call that really exceeds it',
    async (model, exact) => {
      if (exact) expect(await loadTokenizer({ model })).toBe(true);
      const first = estimateRequestTokens(
        { messages: [{ role: 'user', content: QUESTION }] },
        { model },
      ).inputTokens;
      if (exact) expect(first).toBe(await countTokens([{ role: 'user', content: QUESTION }], { model }));
      const forecastTokens = await countTokens(FORECAST, { model });
      const quarter = Math.ceil(FORECAST.length / 4);
      // The premise: Korean is denser than a quarter of its characters.
      expect(forecastTokens).toBeGreaterThan(quarter * 1.5);
      // Room for the question, the tool call's framing and a characters/4 reading of the forecast.
      const budget = first + 40 + quarter;

      const stopped = await run(model, budget);
      expect(stopped.result.stopReason).toBe('budget-exceeded');
      expect(stopped.calls).toBe(1);

      // Control: with room for the forecast's real tokens, the same run finishes.
      const finished = await run(model, first + 40 + forecastTokens + 20);
      expect(finished.result.stopReason).not.toBe('budget-exceeded');
      expect(finished.calls).toBe(2);
    },
  );
});
