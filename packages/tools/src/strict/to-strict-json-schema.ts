import { checkStrictJsonSchema, type StrictSchemaProblem } from './check-strict-json-schema.js';
import { isJsonObject, type JsonSchema } from './json-schema.js';
import { type RestoreContext, restoreValue } from './restore-plan.js';
import { isPlainObjectRoot, splitRoot } from './root-shape.js';
import { StrictConverter } from './strict-converter.js';
import { type RootWrapOptions, toLooseJsonSchema } from './to-loose-json-schema.js';

interface StrictJsonSchemaFields {
  /** The schema to send: the strict rewrite, or the original (loosely normalised) when not strict. */
  schema: JsonSchema;
  /** The property the original root was moved into when it was not a plain object; else undefined. */
  wrappedIn: string | undefined;
  /**
   * Maps a value written against `schema` back to one the original schema accepts: unwraps the
   * root and, for a strict rewrite, drops each `null` that stands for an absent optional property.
   * Call it on the parsed JSON before validating. Never mutates its argument.
   */
  restore(value: unknown): unknown;
}

/** `toStrictJsonSchema`'s answer: strict, or not strict with the reason. */
export type StrictJsonSchemaResult =
  | (StrictJsonSchemaFields & { strict: true })
  | (StrictJsonSchemaFields & {
      strict: false;
      /** Why the schema cannot be strict without changing its meaning, naming each spot. */
      reason: string;
      /** The same reasons, one per spot (JSON pointer into the original schema). */
      problems: StrictSchemaProblem[];
    });

/** Options of `toStrictJsonSchema`. */
export type ToStrictJsonSchemaOptions = RootWrapOptions;

const maxReasons = 4;

/**
 * Rewrites a JSON Schema into OpenAI's strict subset without changing what it means — rewrite,
 * don't reject: every property becomes required (an optional one nullable, its `null` mapped back
 * to "absent" by `restore`), every object gets `additionalProperties: false`, `default`s move into
 * descriptions, `allOf`/`$ref` siblings are merged, disjoint `oneOf` becomes `anyOf`, and a
 * non-object root is wrapped in `{ value }`. Where strict mode cannot say the same thing
 * (free-form maps, unsupported keywords or formats, overlapping oneOf, size limits) the answer is
 * `strict: false` with the reason, and the original schema to send as it is.
 * @example
 * const result = toStrictJsonSchema({
 *   type: 'object',
 *   properties: { city: { type: 'string' }, days: { type: 'integer' } },
 *   required: ['city'],
 * });
 * // result.strict === true; properties.days is { type: ['integer', 'null'] }, required: ['city', 'days']
 * result.restore({ city: 'Seoul', days: null }); // → { city: 'Seoul' }
 */
export function toStrictJsonSchema(
  schema: JsonSchema,
  options: ToStrictJsonSchemaOptions = {},
): StrictJsonSchemaResult {
  const { rootKey = 'value' } = options;
  const loose = toLooseJsonSchema(schema, { rootKey });
  const notStrict = (problems: StrictSchemaProblem[]): StrictJsonSchemaResult => ({
    ...loose,
    strict: false,
    reason: formatProblems(problems),
    problems,
  });
  if (!isJsonObject(schema)) return notStrict([{ path: '', message: 'the schema is not a JSON object' }]);

  const converter = new StrictConverter(schema);
  const body = converter.resolveRootRef(splitRoot(schema).body);
  const wrapped = !isPlainObjectRoot(body);
  const rootDefName = converter.freeDefName('Root');
  if (wrapped) converter.rootRef = `#/$defs/${rootDefName}`;
  const converted = converter.convert(body, '');
  if (converter.problems.length > 0) return notStrict(converter.problems);

  const defs = new Map(converter.defs);
  let strictSchema: JsonSchema;
  if (wrapped) {
    // A recursive root ("#") must stay addressable once it is no longer the root: hoist it.
    if (converter.usedRootRef) defs.set(rootDefName, converted);
    const inner = converter.usedRootRef ? { $ref: converter.rootRef } : converted.schema;
    strictSchema = {
      type: 'object',
      properties: { [rootKey]: inner },
      required: [rootKey],
      additionalProperties: false,
    };
  } else {
    strictSchema = converted.schema;
  }
  if (defs.size > 0) {
    strictSchema.$defs = Object.fromEntries([...defs].map(([name, def]) => [name, def.schema]));
  }
  const problems = checkStrictJsonSchema(strictSchema);
  if (problems.length > 0) return notStrict(problems);

  const context: RestoreContext = { root: converted.plan, defs, rootSchema: converted.schema };
  return {
    strict: true,
    schema: strictSchema,
    wrappedIn: wrapped ? rootKey : undefined,
    restore(value: unknown): unknown {
      const inner = wrapped ? (isJsonObject(value) ? value[rootKey] : value) : value;
      return restoreValue(converted.plan, inner, context);
    },
  };
}

function formatProblems(problems: readonly StrictSchemaProblem[]): string {
  const lines = [...new Set(problems.map((problem) => `${problem.path || '(root)'}: ${problem.message}`))];
  const shown = lines.slice(0, maxReasons).join('; ');
  return lines.length > maxReasons ? `${shown}; and ${lines.length - maxReasons} more` : shown;
}
