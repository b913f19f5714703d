export * from './define-tool/index.js';
export * from './weather/index.js';
