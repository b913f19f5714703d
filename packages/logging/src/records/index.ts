export type { CallStatus, LogRecord, ModelCallRecord, ToolCallRecord } from './records.js';
