import { createAgent, InvalidOptionError } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { describe, expect, it } from 'vitest';
import { createWeatherTool } from './create-weather-tool.js';
import { getWeather } from './get-weather.js';
import { offlineWeatherSource } from './offline-weather-source.js';
import type { WeatherSource } from './weather-source.js';
import { WeatherSourceError } from './weather-source-error.js';

const context = {
  signal: new AbortController().signal,
  toolCallId: 'call_1',
  runId: 'run_1',
  step: 1,
  messages: [],
};

describe('getWeather', () => {
  it('is the guide’s get_weather tool', () => {
    expect(getWeather.name).toBe('get_weather');
    expect(getWeather.description).toBe('특정 도시의 날씨 정보를 가져옵니다');
    expect(getWeather.jsonSchema).toEqual({
      type: 'object',
      properties: {
        city: { type: 'string', description: '도시 이름 (예: 서울, 부산)' },
        unit: {
          type: 'string',
          enum: ['celsius', 'fahrenheit'],
          default: 'celsius',
          description: '온도 단위',
        },
      },
      required: ['city'],
    });
  });
});

describe('createWeatherTool', () => {
  it('answers 서울 날씨 through an agent with the offline source', async () => {
    const model = scriptedModel({
      turns: [
        { toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }] },
        (request) => ({ text: `받은 결과: ${request.messages.at(-1)?.content as string}` }),
      ],
    });
    const agent = createAgent({ model, tools: [createWeatherTool({ source: offlineWeatherSource() })] });
    const result = await agent.run('서울 날씨 어때?');
    expect(result.toolCalls[0]).toMatchObject({
      toolName: 'get_weather',
      isError: false,
      input: { city: '서울', unit: 'celsius' },
      output: { city: '서울', unit: 'celsius', temperature: 21, condition: '대체로 맑음', source: 'offline' },
    });
    expect(result.text).toContain('"temperature":21');
  });

  it('passes the call’s signal to the source', async () => {
    let seen: AbortSignal | undefined;
    const source: WeatherSource = {
      name: 'spy',
      async current({ city, unit }, { signal }) {
        seen = signal;
        return { city, unit, temperature: 1, condition: 'clear', source: 'spy' };
      },
    };
    await createWeatherTool({ source }).execute({ city: 'A', unit: 'celsius' }, context);
    expect(seen).toBe(context.signal);
  });

  it('turns a source’s malformed report into a tool error', async () => {
    const source = {
      name: 'broken',
      current: async () => ({
        city: 'A',
        unit: 'kelvin',
        temperature: '20',
        condition: 'clear',
        source: 'broken',
      }),
    } as unknown as WeatherSource;
    await expect(
      createWeatherTool({ source }).execute({ city: 'A', unit: 'celsius' }, context),
    ).rejects.toMatchObject({
      code: 'tool-execution',
      message: expect.stringContaining('does not match its output schema: unit: Invalid option'),
    });
  });

  it('shows the model an unknown-city error it can act on', async () => {
    const source: WeatherSource = {
      name: 'none',
      current: async ({ city }) => {
        throw new WeatherSourceError({
          reason: 'city-not-found',
          message: `도시를 찾을 수 없습니다: ${city}`,
        });
      },
    };
    const model = scriptedModel({
      turns: [
        { toolCalls: [{ toolName: 'get_weather', arguments: { city: '아틀란티스' } }] },
        { text: '모르겠어요' },
      ],
    });
    await createAgent({ model, tools: [createWeatherTool({ source })] }).run('아틀란티스 날씨?');
    const toolMessage = model.calls[1]?.messages.find((message) => message.role === 'tool');
    expect(toolMessage?.content).toBe('Error: 도시를 찾을 수 없습니다: 아틀란티스');
  });

  it('rejects a source that is not a WeatherSource', () => {
    expect(() => createWeatherTool({ source: {} as WeatherSource })).toThrow(InvalidOptionError);
  });
});
