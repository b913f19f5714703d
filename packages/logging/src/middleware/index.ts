export { type LoggingMiddleware, type LoggingOptions, logging } from './logging.js';
export type { SinkErrorHandler } from './sink-dispatcher.js';
