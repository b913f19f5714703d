/**
 * Variables a stdio server inherits from this process by default: what a program needs to find
 * executables, its home and temp directories, the locale and time zone, TLS trust. Nothing that
 * holds a credential (`OPENAI_API_KEY`, `AWS_*`, tokens) is on it; pass those explicitly.
 */
export const inheritedEnvironment: readonly string[] =
  process.platform === 'win32'
    ? [
        'APPDATA',
        'COMSPEC',
        'HOMEDRIVE',
        'HOMEPATH',
        'LOCALAPPDATA',
        'PATH',
        'PATHEXT',
        'PROCESSOR_ARCHITECTURE',
        'PROGRAMDATA',
        'PROGRAMFILES',
        'SYSTEMDRIVE',
        'SYSTEMROOT',
        'TEMP',
        'TMP',
        'USERNAME',
        'USERPROFILE',
        'WINDIR',
      ]
    : [
        'HOME',
        'LANG',
        'LANGUAGE',
        'LC_ALL',
        'LC_CTYPE',
        'LC_MESSAGES',
        'LOGNAME',
        'PATH',
        'SHELL',
        'SSL_CERT_DIR',
        'SSL_CERT_FILE',
        'NODE_EXTRA_CA_CERTS',
        'TERM',
        'TMPDIR',
        'TZ',
        'USER',
      ];

/** Options of `stdioEnvironment`. */
export interface StdioEnvironmentOptions {
  /** Variables to set in the child, on top of the inherited ones (they win). */
  env?: Readonly<Record<string, string>> | undefined;
  /** More names to copy from `source` besides `inheritedEnvironment`. */
  inheritEnv?: readonly string[] | undefined;
  /** Where inherited values come from (default `process.env`). */
  source?: NodeJS.ProcessEnv;
}

/**
 * The environment a stdio MCP server starts with: the allow-listed variables of this process,
 * those named in `inheritEnv`, then `env`. Values starting with `()` (exported shell functions)
 * are never copied.
 */
export function stdioEnvironment(options: StdioEnvironmentOptions = {}): Record<string, string> {
  const { env = {}, inheritEnv = [], source = process.env } = options;
  const result: Record<string, string> = {};
  for (const name of [...inheritedEnvironment, ...inheritEnv]) {
    const value = source[name];
    if (value !== undefined && !value.startsWith('()')) result[name] = value;
  }
  return { ...result, ...env };
}
