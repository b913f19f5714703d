/**
 * How errors name a server's endpoint without leaking what may hold a secret: the command
 * without its arguments, or the URL without credentials, query and fragment.
 */
export function describeEndpoint(config: { command: string } | { url: string | URL }): string {
  if ('command' in config) return `the command \`${config.command}\``;
  try {
    const url = new URL(String(config.url));
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}
