/**
 * A store key with its namespace part always present, empty or not: `<escaped namespace>:<key>`.
 * The namespace ends at its first ':' (':' and '%' inside it are escaped), so no namespace or
 * custom key can spell another namespace's key: ('a:b', 'x'), ('a', 'b:x') and (none, 'a%3Ab:x')
 * are three different keys.
 * @example scopedKey('tenant-a', 'abc') // 'tenant-a:abc'; scopedKey(undefined, 'abc') // ':abc'
 */
export function scopedKey(namespace: string | undefined, key: string): string {
  return `${namespace === undefined ? '' : namespace.replaceAll('%', '%25').replaceAll(':', '%3A')}:${key}`;
}
