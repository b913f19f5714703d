import { describeImages } from '../images/describe-images.js';
import type { ChatRequestBody, FunctionDefinition } from '../types.js';
import type { Tokenizer } from '../wire/tokenizer.js';
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
 * The rule-based model (see README "Policy"): tool results → a summary; images → what arrived;
 * a prompt matching a tool → tool calls (one per city named); otherwise a deterministic text,
 * cut at `max_tokens` tokens of the model's encoding (finish reason `length`).
 */
export function rulePolicy(request: ChatRequestBody, tokenizer: Pick<Tokenizer, 'truncate'>): PolicyAnswer {
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
