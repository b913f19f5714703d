import { MissingDependencyError } from '../errors/missing-dependency-error.js';

/** Options of loadOptional. */
export interface LoadOptionalOptions<T> {
  /** What needs the package, named as the user wrote it, e.g. `redisStore`. */
  feature: string;
  /** The toolloop package that declares it as an optional peer, e.g. `@toolloop/cache`. */
  requiredBy: string;
  /** The import itself (`() => import('redis')`), written by the caller so bundlers see it. */
  load: () => Promise<T>;
}

/**
 * The one loader of optional peer dependencies: runs `load`, and turns "module not found" for
 * `packageName` into a MissingDependencyError naming the package and its install command. Any
 * other failure (a broken native binding) passes through unchanged.
 * @example const { createClient } = await loadOptional('redis', { feature: 'redisStore', requiredBy: '@toolloop/cache', load: () => import('redis') });
 */
export async function loadOptional<T>(packageName: string, options: LoadOptionalOptions<T>): Promise<T> {
  try {
    return await options.load();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const message = (error as { message?: unknown } | null)?.message;
    const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    // Only the package itself being absent: a missing file inside an installed package is another fault.
    if (notFound && typeof message === 'string' && message.includes(`'${packageName}'`)) {
      throw new MissingDependencyError({
        packageName,
        feature: options.feature,
        requiredBy: options.requiredBy,
        cause: error,
      });
    }
    throw error;
  }
}
