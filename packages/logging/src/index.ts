/**
 * Usage, cost and request logs: console, JSON lines, SQLite and OpenTelemetry sinks.
 * @module @toolloop/logging
 */
export * from './middleware/index.js';
export * from './records/index.js';
export * from './sinks/index.js';
