import { describe, expect, it } from 'vitest';
import * as entry from './index.js';

describe('@toolloop/queue entry', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(entry).sort()).toEqual([
      'RedisUnreachableError',
      'cancelBatch',
      'createQueue',
      'createWorker',
      'enqueue',
      'redisRateLimit',
      'waitForBatch',
    ]);
  });
});
