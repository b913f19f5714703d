// What users write themselves: a model middleware that masks phone numbers in outgoing prompts,
// and a tool middleware that asks for approval before listed tools run.
import { createInterface } from 'node:readline/promises';
import { createAgent, type Message, type Middleware } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';
import { createWeatherTool, defineTool, offlineWeatherSource } from '@toolloop/tools';
import { z } from 'zod';

/** Model middleware: no phone number leaves the process. A generate-only middleware also covers streams. */
function maskPhoneNumbers(): Middleware {
  const phone = /\b01[016789]-?\d{3,4}-?\d{4}\b/g;
  const mask = (text: string) => text.replace(phone, '[전화번호]');
  return {
    name: 'mask-phone-numbers',
    generate(request, next) {
      const messages = request.messages.map((message): Message => {
        if (message.role !== 'user') return message;
        if (typeof message.content === 'string') return { ...message, content: mask(message.content) };
        return {
          ...message,
          content: message.content.map((part) =>
            part.type === 'text' ? { ...part, text: mask(part.text) } : part,
          ),
        };
      });
      const last = messages.at(-1);
      if (last?.role === 'user')
        console.log(
          `[mask] 모델로 보내는 질문: ${typeof last.content === 'string' ? last.content : '(parts)'}`,
        );
      return next({ ...request, messages });
    },
  };
}

/** Tool middleware: listed tools run only when `ask` approves; a denial goes back to the model as a tool error. */
function requireApproval(options: {
  tools: string[];
  ask: (toolName: string, input: unknown) => Promise<boolean>;
}): Middleware {
  return {
    name: 'require-approval',
    async tool(call, next) {
      if (!options.tools.includes(call.toolName) || call.inputError) return next(call);
      if (await options.ask(call.toolName, call.input)) return next(call);
      console.log(`[approval] ${call.toolName} 실행이 거부되었습니다.`);
      return { isError: true, error: new Error(`The user did not approve running ${call.toolName}.`) };
    },
  };
}

async function askOnTerminal(toolName: string, input: unknown): Promise<boolean> {
  if (!process.stdin.isTTY) {
    console.log(
      `[approval] ${toolName}(${JSON.stringify(input)}) — 대화형 터미널이 아니므로 자동으로 거부합니다.`,
    );
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`[approval] ${toolName}(${JSON.stringify(input)}) 실행할까요? (y/N) `);
  rl.close();
  return answer.trim().toLowerCase() === 'y';
}

const sendSms = defineTool({
  name: 'send_sms',
  description: '문자 메시지를 보냅니다',
  input: z.object({ to: z.string(), text: z.string() }),
  execute: async ({ to }) => ({ sent: true, to }),
});

const prompt = process.argv.slice(2).join(' ') || '서울 날씨를 확인해서 010-1234-5678 번호로 문자 보내줘';
// Offline, the simulator plays a model that checks the weather, then tries to send the text message.
const endpoint = await endpointFromEnv({
  simulator: {
    script: [
      { toolCalls: [{ name: 'get_weather', arguments: { city: '서울' } }] },
      { toolCalls: [{ name: 'send_sms', arguments: { to: '[전화번호]', text: '서울: 맑음 21°C' } }] },
      { text: '서울 날씨를 확인했지만, 문자 전송은 승인되지 않아 보내지 못했습니다.' },
    ],
  },
});
console.log(endpoint.description);

const agent = createAgent({
  model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
  tools: [createWeatherTool({ source: offlineWeatherSource() }), sendSms],
  middleware: [maskPhoneNumbers(), requireApproval({ tools: ['send_sms'], ask: askOnTerminal })],
});

try {
  const result = await agent.run(prompt);
  for (const call of result.toolCalls) {
    console.log(
      `${call.toolName}: ${call.isError ? `오류 — ${call.error?.message}` : JSON.stringify(call.output)}`,
    );
  }
  console.log(`답변: ${result.text}`);
} finally {
  await endpoint.close();
}
