import { describeImages } from '../images/describe-images.js';
import type { ChatRequestBody, FunctionDefinition } from '../types.js';
import type { Tokenizer } from '../wire/tokenizer.js';
import { answerFormat, jsonAnswer } from './answer-format.js';
import { shortAnswer, story } from './answer-text.js';
import { cityProperty, fillArguments } from './fill-arguments.js';
import { findCities } from './find-cities.js';
import { pickTool } from './pick-tool.js';
import { imageUrls, messageText } from './request-text.js';
import { summarizeToolResults } from './summarize-tool-results.js';

/** What the policy decided; the server turns it into a reply. */
export interface PolicyAnswer {
  text: string | null;
  toolCalls: Array<{ name: string; arguments: string }>;
  finishReason: 'stop' | 'length' | 'tool_calls';
}

const BRIEF = /간결|짧게|concise|brief/i;

/** The functions a request offers, from `tools` or legacy `functions`. */
export function offeredFunctions(request: ChatRequestBody): FunctionDefinition[] {
  if (Array.isArray(request.tools)) {
    return request.tools.map((tool) => tool?.function).filter((fn): fn is FunctionDefinition => !!fn?.name);
  }
  if (Array.isArray(request.functions)) return request.functions.filter((fn) => !!fn?.name);
  return [];
}

/**
 * The rule-based model (see README "Policy"): with `response_format` asking for JSON, the answer
 * below as an object of the schema (tool results copied into matching fields); tool results → a summary; images → what arrived;
 * a prompt matching a tool → tool calls (one per city named); otherwise a deterministic text,
 * cut at `max_tokens` tokens of the model's encoding (finish reason `length`).
 */
export function rulePolicy(request: ChatRequestBody, tokenizer: Pick<Tokenizer, 'truncate'>): PolicyAnswer {
  const answer = textPolicy(request, tokenizer);
  if (answer.toolCalls.length > 0) return answer;
  const prompt = messageText(lastUserMessage(request));
  const city = mentionedCity(request) ?? prompt;
  const forced = forcedTool(request);
  if (forced) {
    // tool_choice says a tool must be called: the answer goes into its arguments.
    return {
      text: null,
      toolCalls: [
        {
          name: forced.name,
          arguments: jsonAnswer(forced.parameters, request, prompt, city, answer.text ?? ''),
        },
      ],
      finishReason: 'tool_calls',
    };
  }
  const format = answerFormat(request);
  if (format.kind === 'text') return answer;
  // Asked for JSON (response_format): the same decision, written as an object of the schema.
  return {
    text: jsonAnswer(format.schema, request, prompt, city, answer.text ?? ''),
    toolCalls: [],
    finishReason: 'stop',
  };
}

/**
 * The tool a request forces when the policy would answer in text: the one `tool_choice` names, or
 * for `required` one named like an answer (`final_answer`, `answer`), else the last one offered.
 */
function forcedTool(request: ChatRequestBody): FunctionDefinition | undefined {
  const choice = request.tool_choice as string | { function?: { name?: string } } | undefined;
  const functions = offeredFunctions(request);
  if (typeof choice === 'object' && choice?.function?.name) {
    return functions.find((fn) => fn.name === choice.function?.name);
  }
  if (choice !== 'required') return undefined;
  return functions.find((fn) => /answer/i.test(fn.name)) ?? functions.at(-1);
}

/** The latest city any user message names (a repair prompt names none, the question does). */
function mentionedCity(request: ChatRequestBody): string | undefined {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i];
    if (message?.role !== 'user') continue;
    const city = findCities(messageText(message))[0];
    if (city !== undefined) return city;
  }
  return undefined;
}

function lastUserMessage(request: ChatRequestBody): ChatRequestBody['messages'][number] | undefined {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    if (request.messages[i]?.role === 'user') return request.messages[i];
  }
  return undefined;
}

function textPolicy(request: ChatRequestBody, tokenizer: Pick<Tokenizer, 'truncate'>): PolicyAnswer {
  const messages = request.messages;
  const last = messages[messages.length - 1];
  if (last && (last.role === 'tool' || last.role === 'function')) {
    return { text: summarizeToolResults(messages), toolCalls: [], finishReason: 'stop' };
  }

  let lastUser = last;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      lastUser = messages[i];
      break;
    }
  }
  const prompt = messageText(lastUser);
  const images = imageUrls(lastUser);
  if (images.length > 0) {
    const lead = `이미지 ${images.length}개를 받았습니다.`;
    return { text: `${lead}\n${describeImages(images)}`, toolCalls: [], finishReason: 'stop' };
  }

  const functions = offeredFunctions(request);
  if (last?.role === 'user' && functions.length > 0) {
    const tool = pickTool(prompt, functions);
    if (tool) {
      const cities = findCities(prompt);
      const fallbackCity = prompt.match(/[\p{L}\p{N}]+/u)?.[0] ?? prompt;
      const perCity =
        cityProperty(tool.parameters) !== undefined && cities.length > 1
          ? cities
          : [cities[0] ?? fallbackCity];
      return {
        text: null,
        toolCalls: perCity.map((city) => ({
          name: tool.name,
          arguments: JSON.stringify(fillArguments(tool.parameters, prompt, city)),
        })),
        finishReason: 'tool_calls',
      };
    }
  }

  const system = messages
    .filter((message) => message.role === 'system' || message.role === 'developer')
    .map(messageText)
    .join('\n');
  const brief = BRIEF.test(system);
  const text = /이야기|story/i.test(prompt) ? story(prompt, brief) : shortAnswer(prompt, brief);
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number' && maxTokens > 0) {
    const cut = tokenizer.truncate(text, maxTokens);
    if (cut !== text) return { text: cut, toolCalls: [], finishReason: 'length' };
  }
  return { text, toolCalls: [], finishReason: 'stop' };
}
