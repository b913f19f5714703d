/**
 * What OpenAI's strict mode (structured outputs, `strict: true` functions) accepts, from its
 * "Supported schemas" guide: the keywords per type, the string formats and the size limits.
 * Anything else is rejected with a 400, so the converter and the checker share these lists.
 */
export const strictLimits = {
  /** Object properties in the whole schema, all objects together. */
  maxProperties: 5_000,
  /** Levels of nested objects. */
  maxNestingDepth: 10,
  /** Enum values in the whole schema. */
  maxEnumValues: 1_000,
  /** Characters of all property names, definition names, enum values and const values. */
  maxTotalStringLength: 120_000,
  /** A string enum with more values than this … */
  largeEnumValues: 250,
  /** … may have at most this many characters of values. */
  maxLargeEnumStringLength: 15_000,
} as const;

/** String formats strict mode validates. */
export const strictFormats: ReadonlySet<string> = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);

/** Keywords any strict node may carry. */
export const strictCommonKeywords: ReadonlySet<string> = new Set([
  'type',
  'description',
  'title',
  'enum',
  'const',
  'anyOf',
  '$ref',
]);

/** Keywords strict mode allows per type, besides the common ones. */
export const strictTypeKeywords: Readonly<Record<string, readonly string[]>> = {
  object: ['properties', 'required', 'additionalProperties'],
  array: ['items', 'minItems', 'maxItems'],
  string: ['pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  boolean: [],
  null: [],
};

/**
 * Validation keywords strict mode lacks. A schema using one cannot be sent strict without
 * changing what it accepts, so the converter reports it instead of dropping it.
 */
export const unsupportedKeywords: ReadonlySet<string> = new Set([
  'not',
  'if',
  'then',
  'else',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'patternProperties',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'minProperties',
  'maxProperties',
  'contains',
  'minContains',
  'maxContains',
  'uniqueItems',
  'prefixItems',
  'additionalItems',
  'minLength',
  'maxLength',
  'contentSchema',
  '$dynamicRef',
  '$recursiveRef',
]);

/** Regex features strict mode's pattern engine does not take (lookaround, backreferences). */
export const unsupportedPatternFeature = /\(\?<?[=!]|\\[1-9]|\\k</;
