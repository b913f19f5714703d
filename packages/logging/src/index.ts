export * from './middleware/index.js';
export * from './pricing/index.js';
export * from './records/index.js';
export * from './sinks/index.js';
