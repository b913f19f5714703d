import { ToolloopError } from './toolloop-error.js';

/** Constructor options of MissingDependencyError. */
export interface MissingDependencyErrorOptions {
  /** The optional package that is not installed, e.g. `redis`. */
  packageName: string;
  /** What needed it, e.g. `redisStore`. */
  feature: string;
  /** The package the user installed that declares it as an optional peer, e.g. `@toolloop/cache`. */
  requiredBy?: string | undefined;
  cause?: unknown;
}

/** An optional peer dependency a feature needs is not installed; the message gives the install command. */
export class MissingDependencyError extends ToolloopError {
  /** The package to install. */
  readonly packageName: string;
  /** What needed it. */
  readonly feature: string;

  constructor(options: MissingDependencyErrorOptions) {
    const next = options.requiredBy ? ` next to ${options.requiredBy}` : '';
    super({
      code: 'missing-dependency',
      origin: 'user',
      message: `${options.feature} needs the optional package ${options.packageName}, which is not installed. Install it${next}: npm install ${options.packageName}`,
      cause: options.cause,
    });
    this.packageName = options.packageName;
    this.feature = options.feature;
  }

  /** True for a MissingDependencyError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is MissingDependencyError {
    return ToolloopError.isInstance(error) && error.code === 'missing-dependency';
  }
}
