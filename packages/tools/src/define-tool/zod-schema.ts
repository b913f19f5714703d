/**
 * Structural views of zod schemas. We read only the two phantom type slots zod itself reads in
 * `z.output` / `z.input`, so users get full inference from zod 3 and zod 4 without this package
 * importing either version's types or paying for deep conditional types.
 */

/** A zod v4 schema (`zod`, `zod/v4`, `zod/mini`): its types live under `_zod`. */
export interface ZodV4SchemaLike<Output = unknown, Input = unknown> {
  readonly _zod: { readonly output: Output; readonly input: Input };
}

/** A zod v3 schema (zod 3, or `zod/v3` inside zod 4): `_output`/`_input` and no `_zod`. */
export interface ZodV3SchemaLike<Output = unknown, Input = unknown> {
  readonly _output: Output;
  readonly _input: Input;
  readonly _def: unknown;
}

/** Any zod schema, v3 or v4. */
export type ZodSchemaLike<Output = unknown, Input = unknown> =
  | ZodV4SchemaLike<Output, Input>
  | ZodV3SchemaLike<Output, Input>;

/** What a schema parses to (`z.output<S>` for v4, `S['_output']` for v3). v4 is checked first: v4 classic schemas also carry a deprecated `_output`. */
export type InferSchemaOutput<S> = S extends { readonly _zod: { readonly output: unknown } }
  ? S['_zod']['output']
  : S extends { readonly _output: unknown }
    ? S['_output']
    : never;

/** What a schema accepts (`z.input<S>` for v4, `S['_input']` for v3). */
export type InferSchemaInput<S> = S extends { readonly _zod: { readonly input: unknown } }
  ? S['_zod']['input']
  : S extends { readonly _input: unknown }
    ? S['_input']
    : never;

/** True for a zod v4 schema: only v4 has the `_zod` internals object. */
export function isZodV4Schema(value: unknown): value is ZodV4SchemaLike {
  return (
    typeof value === 'object' && value !== null && typeof (value as { _zod?: unknown })._zod === 'object'
  );
}

/** True for a zod v3 schema: `_def` and `safeParse`, and no `_zod` (v4 schemas also have `_def`). */
export function isZodV3Schema(
  value: unknown,
): value is ZodV3SchemaLike & { safeParse(input: unknown): unknown } {
  if (typeof value !== 'object' || value === null || '_zod' in value) return false;
  const candidate = value as { _def?: unknown; safeParse?: unknown };
  return (
    typeof candidate._def === 'object' && candidate._def !== null && typeof candidate.safeParse === 'function'
  );
}
