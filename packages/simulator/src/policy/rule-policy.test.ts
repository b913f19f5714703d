import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../server/start-simulator.js';
import { png, post, stockTool, weatherTool } from '../test-utils.js';
import type { ChatRequestBody, Simulator } from '../types.js';
import { loadTokenizer, type Tokenizer } from '../wire/tokenizer.js';
import { rulePolicy as policy } from './rule-policy.js';

let o200k: Tokenizer;
beforeAll(async () => {
  o200k = await loadTokenizer('o200k_base');
});
const rulePolicy = (request: ChatRequestBody) => policy(request, o200k);

const user = (content: ChatRequestBody['messages'][number]['content']) => ({ role: 'user', content });

describe('rulePolicy: tools', () => {
  const tools = [stockTool, weatherTool] as unknown as ChatRequestBody['tools'];

  it('picks get_weather for a Korean prompt via 날씨 and fills the city', () => {
    const answer = rulePolicy({ messages: [user('서울 날씨 어때?')], tools });
    expect(answer).toEqual({
      text: null,
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"서울"}' }],
      finishReason: 'tool_calls',
    });
  });

  it('emits one parallel call per city named', () => {
    const answer = rulePolicy({ messages: [user('서울과 부산 날씨 알려줘')], tools });
    expect(answer.toolCalls).toEqual([
      { name: 'get_weather', arguments: '{"city":"서울"}' },
      { name: 'get_weather', arguments: '{"city":"부산"}' },
    ]);
  });

  it('matches English prompts, multi-word cities, mentioned enum values', () => {
    const answer = rulePolicy({ messages: [user('weather in New York in fahrenheit please')], tools });
    expect(answer.toolCalls).toEqual([
      { name: 'get_weather', arguments: '{"city":"New York","unit":"fahrenheit"}' },
    ]);
    const korean = rulePolicy({ messages: [user('파리 날씨를 화씨로 알려줘')], tools });
    expect(JSON.parse(korean.toolCalls[0]!.arguments)).toEqual({ city: '파리', unit: 'fahrenheit' });
  });

  it('fills required enums with the first value and strings with the prompt', () => {
    const answer = rulePolicy({ messages: [user('What is the stock price of ACME?')], tools });
    expect(answer.toolCalls).toEqual([
      {
        name: 'get_stock_price',
        arguments: JSON.stringify({ ticker: 'What is the stock price of ACME?', exchange: 'NASDAQ' }),
      },
    ]);
  });

  it('falls back to the first word when no known city is named', () => {
    const answer = rulePolicy({ messages: [user('Springfield weather')], tools });
    expect(answer.toolCalls[0]!.arguments).toBe('{"city":"Springfield"}');
  });

  it('answers with text when no tool matches, generic words never match', () => {
    const answer = rulePolicy({ messages: [user('AI란?')], tools });
    expect(answer.toolCalls).toEqual([]);
    expect(answer.text).toMatch(/^「AI란\?」에 대한 답변입니다: /);
    expect(rulePolicy({ messages: [user('이 책의 정보를 알려줘')], tools }).toolCalls).toEqual([]);
    expect(rulePolicy({ messages: [user('긴 이야기를 들려주세요')], tools }).toolCalls).toEqual([]);
    expect(rulePolicy({ messages: [user('도쿄의 날씨가 궁금해')], tools }).toolCalls).toEqual([
      { name: 'get_weather', arguments: '{"city":"도쿄"}' },
    ]);
  });

  it('offers legacy functions the same way', () => {
    const answer = rulePolicy({ messages: [user('도쿄 날씨')], functions: [weatherTool.function] as any });
    expect(answer.toolCalls).toEqual([{ name: 'get_weather', arguments: '{"city":"도쿄"}' }]);
  });
});

describe('rulePolicy: tool results', () => {
  const call = (id: string, city: string) => ({
    id,
    type: 'function',
    function: { name: 'get_weather', arguments: JSON.stringify({ city }) },
  });

  it('summarises each trailing tool result', () => {
    const answer = rulePolicy({
      messages: [
        user('서울과 부산 날씨 알려줘'),
        {
          role: 'assistant',
          content: null,
          tool_calls: [call('a', '서울'), call('b', '부산'), call('c', 'x')],
        },
        {
          role: 'tool',
          tool_call_id: 'a',
          content: '{"city":"서울","temperature":21,"unit":"celsius","condition":"맑음"}',
        },
        { role: 'tool', tool_call_id: 'b', content: '{"city":"부산","temperature":70,"unit":"fahrenheit"}' },
        { role: 'tool', tool_call_id: 'c', content: 'Error: city not found' },
      ],
    });
    expect(answer).toEqual({
      text: '서울의 현재 기온은 21°C이고, 날씨는 맑음입니다.\n부산의 현재 기온은 70°F입니다.\nget_weather 도구가 실패했습니다: Error: city not found',
      toolCalls: [],
      finishReason: 'stop',
    });
  });

  it('renders non-JSON and JSON without a label under the tool name', () => {
    const answer = rulePolicy({
      messages: [
        { role: 'assistant', content: null, tool_calls: [call('a', '')] },
        { role: 'tool', tool_call_id: 'a', content: '{"ok":true,"count":3}' },
        { role: 'function', name: 'lookup', content: 'plain text result' },
      ],
    });
    expect(answer.text).toBe('get_weather: ok is true, count is 3.\nlookup: plain text result');
  });

  it('answers in the language of the question, in sentences, from the tool results only', () => {
    const weather =
      '{"city":"Seoul","temperature":21,"condition":"mostly clear","humidity":45,"windKph":8,"source":"offline"}';
    const english = rulePolicy({
      messages: [
        user("What's the weather in Seoul?"),
        { role: 'assistant', content: null, tool_calls: [call('a', 'Seoul')] },
        { role: 'tool', tool_call_id: 'a', content: weather },
      ],
    });
    expect(english.text).toBe(
      'It is 21°C in Seoul, mostly clear, with 45% humidity and wind at 8 km/h. (offline sample data)',
    );
    const korean = rulePolicy({
      messages: [
        user('서울 날씨 어때?'),
        { role: 'assistant', content: null, tool_calls: [call('a', '서울')] },
        { role: 'tool', tool_call_id: 'a', content: '{"city":"서울","tags":[],"note":"맑음"}' },
      ],
    });
    expect(korean.text).toBe('서울: tags은(는) 0개 항목, note은(는) 맑음입니다.');
  });
});

describe('rulePolicy: text', () => {
  it('tells a deterministic ~1,500-char Korean story for 이야기 / story', () => {
    const first = rulePolicy({ messages: [user('긴 이야기를 들려주세요')] });
    const again = rulePolicy({ messages: [user('긴 이야기를 들려주세요')] });
    expect(first.text).toBe(again.text);
    expect(first.text!.length).toBeGreaterThanOrEqual(1500);
    expect(first.text!.length).toBeLessThan(1700);
    expect(rulePolicy({ messages: [user('tell me a story')] }).text).not.toBe(first.text);
  });

  it('answers shorter under a brevity system message and truncates at max_tokens with finish_reason length', () => {
    const long = rulePolicy({ messages: [user('AI란?')] }).text!;
    const brief = rulePolicy({
      messages: [{ role: 'system', content: '간결하게 답변해주세요.' }, user('AI란?')],
    }).text!;
    expect(brief.length).toBeLessThan(long.length);
    const capped = rulePolicy({ messages: [user('긴 이야기를 들려주세요')], max_tokens: 20 });
    expect(capped).toMatchObject({ finishReason: 'length' });
    // Cut at 20 o200k_base tokens, less a syllable split across the 20th token's boundary.
    expect(o200k.count(capped.text!)).toBeGreaterThanOrEqual(19);
    expect(o200k.count(capped.text!)).toBeLessThanOrEqual(20);
    expect(rulePolicy({ messages: [user('긴 이야기를 들려주세요')] }).text!.startsWith(capped.text!)).toBe(
      true,
    );
    expect(rulePolicy({ messages: [user('AI란?')], max_tokens: 1000 }).finishReason).toBe('stop');
  });

  it('answers in English for English prompts', () => {
    expect(rulePolicy({ messages: [user('What is AI?')] }).text).toMatch(/^Answer to "What is AI\?": /);
  });
});

describe('policy over HTTP', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  it('numbers tool-call ids by request and reports images byte for byte', async () => {
    const res = await post(`${sim.url}/chat/completions`, {
      messages: [user('서울 날씨 어때?')],
      tools: [weatherTool],
    });
    const body = JSON.parse(res.text);
    const sequence = Number(String(res.headers['x-request-id']).replace('req_sim_', ''));
    expect(body.choices[0].message.tool_calls[0]).toEqual({
      id: `call_sim_${sequence}_0`,
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"서울"}' },
    });
    expect(body.usage.prompt_tokens).toBeGreaterThan(10);

    const bytes = png(16, 16);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const image = await post(`${sim.url}/chat/completions`, {
      messages: [
        user([
          { type: 'text', text: '이 이미지들을 설명해줘' },
          {
            type: 'image_url',
            image_url: { url: `data:image/png;base64,${Buffer.from(bytes).toString('base64')}` },
          },
          { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
        ]),
      ],
    });
    const text: string = JSON.parse(image.text).choices[0].message.content;
    expect(text).toContain(
      `images: 2; #1 image/png ${bytes.length} bytes 16x16 sha256=${sha}; #2 url https://example.com/a.jpg`,
    );
  });
});

describe('rulePolicy: zod-style schemas', () => {
  it('uses schema defaults for required properties', () => {
    const parameters = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { default: 'fahrenheit', type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', default: 3 },
        verbose: { type: 'boolean' },
      },
      required: ['city', 'unit', 'days', 'verbose'],
    };
    const answer = rulePolicy({
      messages: [user('weather in London')],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters } }],
    });
    expect(JSON.parse(answer.toolCalls[0]!.arguments)).toEqual({
      city: 'London',
      unit: 'fahrenheit',
      days: 3,
      verbose: false,
    });
  });
});
