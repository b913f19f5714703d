import { redactSecrets } from '@toolloop/core/internal';

/**
 * Removes the provider's secrets from an error on its way out, whatever its class: message, stack,
 * every string property (responseBody, partialText…), string values of header records, and the
 * same for each error in its `cause` chain. Errors are rewritten in place (they are ours, just
 * built); the one passed in is returned.
 * @example throw scrubError(error, config.secrets);
 */
export function scrubError<E>(error: E, secrets: ReadonlyArray<string | undefined>): E {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    scrubOne(current, secrets);
    current = current.cause;
  }
  return error;
}

function scrubOne(error: Error, secrets: ReadonlyArray<string | undefined>): void {
  const record = error as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(error)) {
    if (name === 'cause') continue;
    const value = record[name];
    if (typeof value === 'string') {
      const clean = redactSecrets(value, secrets);
      if (clean !== value) write(error, name, clean);
    } else if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      !(value instanceof Error)
    ) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (
        entries.some(([, member]) => typeof member === 'string' && redactSecrets(member, secrets) !== member)
      ) {
        write(
          error,
          name,
          Object.fromEntries(
            entries.map(([key, member]) => [
              key,
              typeof member === 'string' ? redactSecrets(member, secrets) : member,
            ]),
          ),
        );
      }
    }
  }
}

/** Assigns even a readonly (non-writable but configurable) own property. */
function write(error: Error, name: string, value: unknown): void {
  const descriptor = Object.getOwnPropertyDescriptor(error, name);
  if (descriptor?.writable) (error as unknown as Record<string, unknown>)[name] = value;
  else if (descriptor?.configurable) Object.defineProperty(error, name, { ...descriptor, value });
}
