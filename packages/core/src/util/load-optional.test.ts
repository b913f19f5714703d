import { describe, expect, it } from 'vitest';
import { MissingDependencyError } from '../errors/missing-dependency-error.js';
import { loadOptional } from './load-optional.js';

describe('loadOptional', () => {
  it('turns a missing optional package into an error that names it and the install command', async () => {
    const specifier = '@toolloop/definitely-not-installed';
    const error = await loadOptional(specifier, {
      feature: 'otelSink',
      requiredBy: '@toolloop/logging',
      load: (name) => import(name),
    }).catch((e: unknown) => e);
    expect(MissingDependencyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'missing-dependency', origin: 'user', packageName: specifier });
    expect((error as Error).message).toBe(
      'otelSink needs the optional package @toolloop/definitely-not-installed, which is not installed. Install it next to @toolloop/logging: npm install @toolloop/definitely-not-installed',
    );
  });

  it('passes other failures through unchanged, including another module missing', async () => {
    const failure = new Error('native binding failed to load');
    const options = { feature: 'sqliteStore', requiredBy: '@toolloop/cache' };
    await expect(loadOptional('x', { ...options, load: () => Promise.reject(failure) })).rejects.toBe(
      failure,
    );
    const inner = Object.assign(new Error("Cannot find module './binding.node'"), {
      code: 'MODULE_NOT_FOUND',
    });
    await expect(loadOptional('x', { ...options, load: () => Promise.reject(inner) })).rejects.toBe(inner);
  });
});
