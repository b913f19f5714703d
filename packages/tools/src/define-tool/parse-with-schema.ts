import { type $ZodType, safeParse } from 'zod/v4/core';
import { isZodV4Schema } from './zod-schema.js';

interface Issue {
  path?: ReadonlyArray<PropertyKey>;
  message: string;
}

export type SchemaParseResult = { success: true; data: unknown } | { success: false; error: string };

const maxIssues = 8;

/**
 * Validates `value` with a zod v3 or v4 schema (defaults applied) and turns a failure into one
 * line per issue, `path: message`, short enough for a model to read and correct its arguments.
 */
export function parseWithSchema(schema: unknown, value: unknown): SchemaParseResult {
  let result: { success: boolean; data?: unknown; error?: { issues?: Issue[]; message?: string } };
  try {
    // zod/v4/core's safeParse works for classic and mini schemas alike (mini has no methods).
    result = isZodV4Schema(schema)
      ? safeParse(schema as unknown as $ZodType, value)
      : (schema as { safeParse(input: unknown): typeof result }).safeParse(value);
  } catch (error) {
    // An async refinement throws here: parseInput is synchronous by contract.
    return { success: false, error: `the schema could not validate the input (${(error as Error).message})` };
  }
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    error: formatIssues(result.error?.issues ?? []) || (result.error?.message ?? 'invalid input'),
  };
}

/** `city: Invalid input: expected string, received number; items[0].id: Required`. */
export function formatIssues(issues: readonly Issue[]): string {
  const lines = issues
    .slice(0, maxIssues)
    .map((issue) => `${formatPath(issue.path ?? [])}: ${issue.message}`);
  if (issues.length > maxIssues) lines.push(`…and ${issues.length - maxIssues} more`);
  return lines.join('; ');
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(root)';
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}
