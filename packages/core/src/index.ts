export * from './errors/index.js';
export * from './messages/index.js';
export * from './middleware/index.js';
export * from './model/index.js';
export * from './pricing/index.js';
export * from './run/index.js';
export * from './tool/index.js';
export * from './util/index.js';
