import { MissingDependencyError } from '../errors/missing-dependency-error.js';

/** Options of loadOptional. */
export interface LoadOptionalOptions {
  /** What needs the package, named as the user wrote it, e.g. `redisStore`. */
  feature: string;
  /** The toolloop package that declares it as an optional peer, e.g. `@toolloop/cache`. */
  requiredBy: string;
  /**
   * The import, written in the package that declares the peer (so it resolves from there, as
   * pnpm's strict layout requires) and with the name in a variable — `load: (name) => import(name)`
   * — so a user's bundler leaves the optional peer alone instead of failing when it is not installed.
   */
  load: (packageName: string) => Promise<unknown>;
}

/**
 * The one loader of optional peer dependencies: imports `packageName` with `load`, and turns
 * "module not found" for it into a MissingDependencyError naming the package and its install
 * command. Any other failure (a broken native binding) passes through unchanged.
 * @example const { createClient } = await loadOptional<typeof import('redis')>('redis', { feature: 'redisStore', requiredBy: '@toolloop/cache', load: (name) => import(name) });
 */
export async function loadOptional<T>(packageName: string, options: LoadOptionalOptions): Promise<T> {
  try {
    return (await options.load(packageName)) as T;
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
