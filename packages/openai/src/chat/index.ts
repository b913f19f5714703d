export { type GenerateChatOptions, generateChat } from './generate-chat.js';
export { type StreamChatOptions, streamChat } from './stream-chat.js';
