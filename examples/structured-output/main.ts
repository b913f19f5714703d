// A typed answer instead of text: the agent calls get_weather, then answers with an object that
// matches a zod schema (OpenAI's strict json_schema), validated before you get it.
// Offline (no OPENAI_API_KEY / OPENAI_BASE_URL) it talks to the built-in simulator on 127.0.0.1.
//   npm start                      → 서울 날씨 어때?
//   npm start -- "부산 날씨 알려줘"
//   TOOLLOOP_OUTPUT_STRATEGY=tool npm start   (servers without json_schema: a final-answer tool)
import { createAgent, OutputValidationError, type StructuredOutputStrategy } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';
import { createWeatherTool, defineOutput, offlineWeatherSource } from '@toolloop/tools';
import { z } from 'zod';

const prompt = process.argv.slice(2).join(' ').trim() || '서울 날씨 어때?';
const strategy = process.env.TOOLLOOP_OUTPUT_STRATEGY as StructuredOutputStrategy | undefined;
const endpoint = await endpointFromEnv();
console.log(endpoint.description);

const weatherReport = defineOutput({
  name: 'weather_report',
  description: '도시의 현재 날씨 요약',
  schema: z.object({
    city: z.string().describe('도시 이름'),
    temperature: z.number().describe('섭씨 기온'),
    condition: z.string().describe('하늘 상태, 예: 맑음'),
    advice: z.string().optional().describe('옷차림 조언 (선택)'),
  }),
});
console.log(`schema sent ${weatherReport.strict ? 'strict' : 'non-strict'}`);

const agent = createAgent({
  model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
  instructions: '당신은 날씨 도우미입니다. get_weather 도구로 확인한 내용만 답변하세요.',
  tools: [createWeatherTool({ source: offlineWeatherSource() })],
  output: weatherReport,
  ...(strategy ? { outputStrategy: strategy } : {}),
  settings: { temperature: 0 },
});

try {
  console.log(`질문: ${prompt}`);
  let partials = 0;
  for await (const event of agent.stream(prompt)) {
    if (event.type === 'tool-call')
      console.log(`→ 도구 호출 ${event.toolCall.toolName}(${event.toolCall.arguments})`);
    else if (event.type === 'partial-output') partials++;
    else if (event.type === 'output') {
      // event.output is typed: { city: string; temperature: number; condition: string; advice?: string }
      const { city, temperature, condition } = event.output;
      console.log(`(${partials} partial objects streamed)`);
      console.log(`output: ${JSON.stringify(event.output)}`);
      console.log(`${city}: ${temperature}°C, ${condition}`);
    }
  }
} catch (error) {
  if (OutputValidationError.isInstance(error)) {
    console.error(`no valid answer: ${error.issues}\nlast answer: ${error.text}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await endpoint.close();
}
