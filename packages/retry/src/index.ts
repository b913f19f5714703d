export * from './rate-limit/index.js';
export * from './retry/index.js';
