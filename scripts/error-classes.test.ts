import { describe, expect, it } from 'vitest';
import { BatchItemError } from '../packages/batch/src/index.js';
import { CorruptEntryError } from '../packages/cache/src/index.js';
import {
  AbortError,
  APICallError,
  BudgetExceededError,
  type ErrorOrigin,
  InvalidOptionError,
  MissingDependencyError,
  NoSuchToolError,
  OutputValidationError,
  StoreUnavailableError,
  StreamInterruptedError,
  StreamParseError,
  TimeoutError,
  ToolExecutionError,
  ToolInputError,
  ToolloopError,
  type ToolloopErrorCode,
} from '../packages/core/src/index.js';
import { DashboardError } from '../packages/dashboard/src/server/dashboard-error.js';
import { ImageInputError } from '../packages/images/src/index.js';
import { SinkOverflowError, UsageStoreError } from '../packages/logging/src/index.js';
import { McpConnectionError } from '../packages/mcp/src/index.js';
import { BatchUnsupportedError } from '../packages/openai/src/index.js';
import { RedisUnreachableError } from '../packages/queue/src/index.js';
import { RetryError } from '../packages/retry/src/index.js';
import { WeatherSourceError } from '../packages/tools/src/index.js';

// Every error class of every package (issue 10 §4): its isInstance recognises that class only, by
// code, even for an error from another copy of the package; its code is in ToolloopErrorCode; its
// origin says who must act.
interface ErrorClass {
  isInstance(error: unknown): boolean;
  readonly name: string;
}

const message = 'what happened, and the fix';
const cases: Array<[ErrorClass, ToolloopError, ErrorOrigin]> = [
  [APICallError, new APICallError({ message, isRetryable: false }), 'provider'],
  [TimeoutError, new TimeoutError({ message, timeoutMs: 1 }), 'provider'],
  [AbortError, new AbortError(), 'user'],
  [InvalidOptionError, new InvalidOptionError({ option: 'x', message }), 'user'],
  [ToolInputError, new ToolInputError({ toolName: 't', arguments: '{', message }), 'model'],
  [ToolExecutionError, new ToolExecutionError({ toolName: 't', toolCallId: 'c', message }), 'tool'],
  [NoSuchToolError, new NoSuchToolError({ toolName: 't', availableTools: [] }), 'model'],
  [StreamParseError, new StreamParseError({ message }), 'provider'],
  [StreamInterruptedError, new StreamInterruptedError({ message }), 'provider'],
  [BudgetExceededError, new BudgetExceededError({ message, totalTokens: 1, cost: null }), 'user'],
  [
    MissingDependencyError,
    new MissingDependencyError({ packageName: 'redis', feature: 'redisStore' }),
    'user',
  ],
  [
    StoreUnavailableError,
    new StoreUnavailableError({ store: 's', reason: 'closed', message }),
    'environment',
  ],
  [
    RetryError,
    new RetryError({ reason: 'max-retries-exceeded', errors: [new Error('x')], message }),
    'provider',
  ],
  [ImageInputError, new ImageInputError({ rule: 'svg', source: 'a.svg', message }), 'user'],
  [SinkOverflowError, new SinkOverflowError({ sink: 's', maxPending: 1 }), 'environment'],
  [CorruptEntryError, new CorruptEntryError({ key: 'k', message }), 'environment'],
  [WeatherSourceError, new WeatherSourceError({ reason: 'network', message }), 'tool'],
  [
    OutputValidationError,
    new OutputValidationError({
      message,
      text: '{',
      issues: 'not JSON',
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    }),
    'model',
  ],
  [McpConnectionError, new McpConnectionError({ server: 'files', message }), 'environment'],
  [UsageStoreError, new UsageStoreError({ reason: 'missing', message }), 'user'],
  [DashboardError, new DashboardError({ reason: 'port-in-use', message }), 'environment'],
  [RedisUnreachableError, new RedisUnreachableError({ url: 'redis://127.0.0.1:1' }), 'environment'],
  [
    BatchUnsupportedError,
    new BatchUnsupportedError({
      origin: 'http://127.0.0.1:1',
      route: 'POST /v1/batches',
      cause: new APICallError({ message, status: 404, isRetryable: false }),
    }),
    'provider',
  ],
  [
    BatchItemError,
    new BatchItemError({ reason: 'expired', providerBatchId: 'batch_1', customId: 'req-1', message }),
    'provider',
  ],
];

// Compile-time: naming a code that is not in the union, or leaving one out, fails the typecheck.
const everyCode: Record<ToolloopErrorCode, true> = {
  'api-call': true,
  timeout: true,
  aborted: true,
  'tool-input': true,
  'tool-execution': true,
  'no-such-tool': true,
  'invalid-option': true,
  'stream-parse': true,
  'stream-interrupted': true,
  'budget-exceeded': true,
  'missing-dependency': true,
  'store-unavailable': true,
  'retry-exhausted': true,
  'image-input': true,
  'sink-overflow': true,
  'cache-corrupt': true,
  'weather-source': true,
  'output-validation': true,
  'mcp-connection': true,
  'usage-store': true,
  dashboard: true,
  'redis-unreachable': true,
  'batch-unsupported': true,
  'batch-item': true,
};

/** What an error from another copy of the package looks like: the shared marker and code, another prototype. */
function fromAnotherCopy(error: ToolloopError): Error {
  return Object.assign(new Error(error.message), { [Symbol.for('toolloop.error')]: true, code: error.code });
}

describe('error classes', () => {
  it('cover every code, one class per code', () => {
    expect(cases.map(([, error]) => error.code).sort()).toEqual(Object.keys(everyCode).sort());
  });

  it.each(cases)('%o: isInstance recognises its own errors only', (Class, own) => {
    for (const [Other, error] of cases) {
      expect({ pair: `${Class.name}.isInstance(${error.name})`, result: Class.isInstance(error) }).toEqual({
        pair: `${Class.name}.isInstance(${error.name})`,
        result: Other === Class,
      });
    }
    expect(Class.isInstance(fromAnotherCopy(own))).toBe(true);
    expect(Class.isInstance(new Error(own.message))).toBe(false);
    expect(ToolloopError.isInstance(own)).toBe(true);
  });

  it.each(cases)('%o: names itself and says who must act', (Class, error, origin) => {
    expect(error.name).toBe(Class.name === 'AbortError' ? 'AbortError' : Class.name);
    expect(error.origin).toBe(origin);
    expect(error.toJSON()).toMatchObject({ code: error.code, origin, name: error.name });
  });
});
