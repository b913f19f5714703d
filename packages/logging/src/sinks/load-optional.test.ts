import { hasErrorCode } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import { loadOptional } from './load-optional.js';

describe('loadOptional', () => {
  it('turns a missing optional package into an error that says what to install', async () => {
    const specifier = '@toolloop/definitely-not-installed';
    const error = await loadOptional(specifier, 'otelSink', () => import(specifier)).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'missing-dependency')).toBe(true);
    expect((error as Error).message).toBe(
      'otelSink needs the optional package @toolloop/definitely-not-installed, which is not installed. Install it next to @toolloop/logging: npm install @toolloop/definitely-not-installed',
    );
  });

  it('passes other failures through unchanged', async () => {
    const failure = new Error('native binding failed to load');
    await expect(loadOptional('x', 'sqliteUsageStore', () => Promise.reject(failure))).rejects.toBe(failure);
  });
});
