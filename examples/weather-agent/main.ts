// The main job: an agent that answers a weather question by calling get_weather over real HTTP.
// Offline (no OPENAI_API_KEY / OPENAI_BASE_URL) it talks to the built-in simulator on 127.0.0.1.
//   npm start                      → 서울 날씨 어때?
//   npm start -- "부산 날씨 알려줘"
import { createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';
import { createWeatherTool, weatherSourceFromEnv } from '@toolloop/tools';

const prompt = process.argv.slice(2).join(' ').trim() || '서울 날씨 어때?';
const endpoint = await endpointFromEnv();
console.log(endpoint.description);

// Which weather data the tool reads, said up front: offline sample data with the simulator, live
// Open-Meteo with a real endpoint; TOOLLOOP_WEATHER=offline|open-meteo chooses.
const weather = weatherSourceFromEnv({ offline: endpoint.offline });
console.log(weather.description);
const getWeather = createWeatherTool({ source: weather.source });

const agent = createAgent({
  model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
  instructions: '당신은 날씨 도우미입니다. get_weather 도구로 확인한 내용만 간결하게 답변해주세요.',
  tools: [getWeather],
  maxSteps: 5,
  settings: { maxTokens: 256, temperature: 0 },
});

try {
  console.log(`질문: ${prompt}`);
  let answering = false;
  for await (const event of agent.stream(prompt)) {
    if (event.type === 'tool-call') {
      console.log(`→ 도구 호출 ${event.toolCall.toolName}(${event.toolCall.arguments})`);
    } else if (event.type === 'tool-result') {
      const { result } = event;
      const shown = result.isError ? `오류: ${result.error?.message}` : JSON.stringify(result.output);
      console.log(`← 도구 결과 ${result.toolName}: ${shown}`);
    } else if (event.type === 'text-delta') {
      if (!answering) process.stdout.write('답변: ');
      answering = true;
      process.stdout.write(event.delta);
    } else if (event.type === 'run-finish') {
      if (answering) process.stdout.write('\n');
      const cost = event.cost === null ? 'unknown price' : `$${event.cost.toFixed(6)}`;
      console.log(
        `(${event.result.steps.length} steps, ${event.usage.inputTokens} input + ${event.usage.outputTokens} output tokens, ${cost}, stop: ${event.result.stopReason})`,
      );
    }
  }
} finally {
  await endpoint.close();
}
