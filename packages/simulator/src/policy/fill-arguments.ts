import type { JsonSchema } from '../types.js';

const CITY_LIKE = /city|location|place|town|region|도시|지역|장소/i;

// Korean words for common enum values, so "화씨로" picks "fahrenheit".
const ENUM_ALIASES: Record<string, string[]> = {
  celsius: ['섭씨'],
  fahrenheit: ['화씨'],
};

function typeOf(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type) return type;
  if (Array.isArray(schema.enum)) return typeof schema.enum[0];
  return undefined;
}

function mentionedEnum(prompt: string, values: unknown[]): unknown {
  const lower = prompt.toLowerCase();
  return values.find((value) => {
    const text = String(value).toLowerCase();
    return lower.includes(text) || (ENUM_ALIASES[text] ?? []).some((alias) => prompt.includes(alias));
  });
}

/**
 * A strict-mode optional is `anyOf: [schema, { type: 'null' }]`: fill it like the schema itself
 * (a model answers the question, it does not send null for everything).
 */
function nonNullBranch(schema: JsonSchema): JsonSchema {
  if (!Array.isArray(schema.anyOf)) return schema;
  const branches = (schema.anyOf as JsonSchema[]).filter((branch) => branch?.type !== 'null');
  return branches.length === 1 ? { ...schema, ...branches[0]! } : schema;
}

/** The name of the first string property named like a city or location, if any. */
export function cityProperty(schema: JsonSchema | undefined): string | undefined {
  return Object.entries(schema?.properties ?? {}).find(
    ([name, property]) => CITY_LIKE.test(name) && typeOf(property) === 'string',
  )?.[0];
}

/**
 * Arguments for a tool from its JSON Schema: city-like strings get `city`; enums a value the
 * prompt mentions, else the default, else the first; other values their default, else strings the
 * prompt, numbers 1, booleans false. Required properties are always filled; optional ones only when
 * city-like or an enum the prompt mentions.
 */
export function fillArguments(
  schema: JsonSchema | undefined,
  prompt: string,
  city: string,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const required = new Set(schema?.required ?? []);
  for (const [name, declared] of Object.entries(schema?.properties ?? {})) {
    const property = nonNullBranch(declared);
    const type = typeOf(property);
    const isCity = CITY_LIKE.test(name) && type === 'string';
    if (Array.isArray(property.enum) && property.enum.length > 0) {
      const mentioned = mentionedEnum(prompt, property.enum);
      if (mentioned !== undefined) args[name] = mentioned;
      else if (required.has(name)) args[name] = property.default ?? property.enum[0];
      continue;
    }
    if (isCity) {
      args[name] = city;
      continue;
    }
    if (!required.has(name)) continue;
    if (property.default !== undefined) {
      args[name] = property.default;
      continue;
    }
    switch (type) {
      case 'string':
        args[name] = prompt;
        break;
      case 'number':
      case 'integer':
        args[name] = 1;
        break;
      case 'boolean':
        args[name] = false;
        break;
      case 'array':
        args[name] = [];
        break;
      case 'object':
        args[name] = fillArguments(property, prompt, city);
        break;
      default:
        args[name] = prompt;
    }
  }
  return args;
}
