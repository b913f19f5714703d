/** What `OutputSpec.parse` returns: the validated answer, or what is wrong with it (the model reads this). */
export type OutputParseResult<Output> = { success: true; data: Output } | { success: false; error: string };

/**
 * The typed final answer of a run. Build one with `defineOutput` from `@toolloop/tools` (zod 3 or
 * 4); core only needs this shape, so any object that has it works.
 */
export interface OutputSpec<Output = unknown> {
  /** Names the schema for the provider (`response_format.json_schema.name`), ^[a-zA-Z0-9_-]{1,64}$. */
  readonly name: string;
  readonly description?: string;
  /** The JSON Schema the model writes against (an object root; a strict rewrite when `strict`). */
  readonly jsonSchema: Record<string, unknown>;
  /** `jsonSchema` is in OpenAI's strict subset and may be sent with `strict: true`. */
  readonly strict: boolean;
  /** The property a non-object root was wrapped in (`{ value: … }`), so partial answers can be unwrapped. */
  readonly wrappedIn?: string;
  /** Why the schema is sent non-strict (set when `strict` is false). */
  readonly notStrictReason?: string;
  /**
   * Maps a value the model wrote against `jsonSchema` back (unwraps a wrapped root, `null` → absent
   * for rewritten optionals) and validates it, defaults applied.
   */
  parse(value: unknown): OutputParseResult<Output>;
}

/** A deep partial of an answer still being streamed: any property may be missing. Not validated. */
export type DeepPartial<T> = T extends readonly (infer Item)[]
  ? DeepPartial<Item>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
