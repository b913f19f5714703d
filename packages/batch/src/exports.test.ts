import { describe, expect, it } from 'vitest';
import * as batchPackage from './index.js';

describe('@toolloop/batch exports', () => {
  it('exports exactly the local batch API', () => {
    expect(Object.keys(batchPackage).sort()).toEqual([
      'BatchInputError',
      'getBatch',
      'readBatchInput',
      'runBatch',
    ]);
  });

  it('recognises its error by code', () => {
    const error = new batchPackage.BatchInputError('x');
    expect(batchPackage.BatchInputError.isInstance(error)).toBe(true);
    expect(batchPackage.BatchInputError.isInstance(new Error('x'))).toBe(false);
    expect(error.code).toBe('batch-input');
  });
});
