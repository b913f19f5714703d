export { type ConsoleSinkOptions, consoleSink } from './console-sink.js';
export { formatLine } from './format-line.js';
export { type JsonlSink, type JsonlSinkOptions, jsonlSink } from './jsonl-sink.js';
export { type OtelSinkOptions, type OtelSpanLike, type OtelTracerLike, otelSink } from './otel-sink.js';
export type { SinkStats } from './record-batcher.js';
export type { Sink } from './sink.js';
export { SinkOverflowError, type SinkOverflowErrorOptions } from './sink-overflow-error.js';
export { migrateUsageStore, type UsageStoreMigration, usageSchemaVersion } from './sqlite-migrations.js';
export { usageSchema } from './sqlite-schema.js';
export {
  type RecentCallsOptions,
  type SqliteUsageStore,
  type SqliteUsageStoreOptions,
  type SummaryOptions,
  sqliteUsageStore,
  type UsageSummaryRow,
} from './sqlite-usage-store.js';
export {
  UsageStoreError,
  type UsageStoreErrorOptions,
  type UsageStoreErrorReason,
} from './usage-store-error.js';
