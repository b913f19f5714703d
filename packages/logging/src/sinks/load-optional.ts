import { ToolloopError } from '@toolloop/core';

/**
 * Imports an optional peer dependency on first use, so importing @toolloop/logging stays cheap.
 * A missing package becomes an error that says what to install and why.
 */
export async function loadOptional<T>(
  specifier: string,
  feature: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ToolloopError(
        'missing-dependency',
        `${feature} needs the optional package ${specifier}, which is not installed. Install it next to @toolloop/logging: npm install ${specifier}`,
        { cause: error },
      );
    }
    throw error;
  }
}
