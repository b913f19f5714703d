export { openai } from './openai.js';
export type { OpenAICompatOptions, OpenAIOptions } from './openai-options.js';
