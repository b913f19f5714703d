export { defaultAgent } from './default-agent.js';
export { toResponseHeaders } from './response-headers.js';
