import { InvalidOptionError } from '@toolloop/core';
import type { McpServerOptions, McpToolsOptions } from './types.js';

const serverNamePattern = /^[a-zA-Z0-9_-]{1,32}$/;

/** The options with defaults filled in, checked. */
export interface McpToolsSettings {
  servers: Array<[string, McpServerOptions]>;
  timeoutMs: number;
  connectTimeoutMs: number;
  strict: 'auto' | false;
}

function positiveMs(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError({
      option,
      message: `mcpTools: \`${option}\` must be a finite number of milliseconds > 0, got ${String(value)}.`,
    });
  }
  return value;
}

const isStringRecord = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((item) => typeof item === 'string');

const isStringList = (value: unknown) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function checkServer(name: string, server: unknown): McpServerOptions {
  const option = `servers.${name}`;
  if (!serverNamePattern.test(name)) {
    throw new InvalidOptionError({
      option: 'servers',
      message: `mcpTools: server name ${JSON.stringify(name)} is not allowed; it prefixes tool names, so it must match ^[a-zA-Z0-9_-]{1,32}$, e.g. "files".`,
    });
  }
  if (typeof server !== 'object' || server === null) {
    throw new InvalidOptionError({
      option,
      message: `mcpTools: \`${option}\` must be { command, args?, env? } or { url, headers? }.`,
    });
  }
  const config = server as Record<string, unknown>;
  if ('command' in config === 'url' in config) {
    throw new InvalidOptionError({
      option,
      message: `mcpTools: \`${option}\` needs either \`command\` (a server started over stdio) or \`url\` (streamable HTTP), not ${'command' in config ? 'both' : 'neither'}.`,
    });
  }
  positiveMs(`${option}.timeoutMs`, config.timeoutMs, 1);
  if ('command' in config) {
    if (typeof config.command !== 'string' || config.command.trim() === '') {
      throw new InvalidOptionError({
        option: `${option}.command`,
        message: `mcpTools: \`${option}.command\` must be the executable to run, e.g. "npx".`,
      });
    }
    if (config.args !== undefined && !isStringList(config.args)) {
      throw new InvalidOptionError({
        option: `${option}.args`,
        message: `mcpTools: \`${option}.args\` must be a list of strings.`,
      });
    }
    if (config.env !== undefined && !isStringRecord(config.env)) {
      throw new InvalidOptionError({
        option: `${option}.env`,
        message: `mcpTools: \`${option}.env\` must map names to string values.`,
      });
    }
    if (config.inheritEnv !== undefined && !isStringList(config.inheritEnv)) {
      throw new InvalidOptionError({
        option: `${option}.inheritEnv`,
        message: `mcpTools: \`${option}.inheritEnv\` must be a list of variable names.`,
      });
    }
    if (config.stderr !== undefined && config.stderr !== 'inherit' && config.stderr !== 'ignore') {
      throw new InvalidOptionError({
        option: `${option}.stderr`,
        message: `mcpTools: \`${option}.stderr\` must be "inherit" or "ignore".`,
      });
    }
    return server as McpServerOptions;
  }
  let url: URL;
  try {
    url = new URL(String(config.url));
  } catch {
    throw new InvalidOptionError({
      option: `${option}.url`,
      message: `mcpTools: \`${option}.url\` is not a valid URL; give the MCP endpoint, e.g. "http://127.0.0.1:3000/mcp".`,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionError({
      option: `${option}.url`,
      message: `mcpTools: \`${option}.url\` must be http: or https:, got ${url.protocol}`,
    });
  }
  if (config.headers !== undefined && !isStringRecord(config.headers)) {
    throw new InvalidOptionError({
      option: `${option}.headers`,
      message: `mcpTools: \`${option}.headers\` must map header names to string values.`,
    });
  }
  return server as McpServerOptions;
}

/** Checks `mcpTools` options and fills in defaults; a mistake throws InvalidOptionError naming it. */
export function validateOptions(options: McpToolsOptions): McpToolsSettings {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError({
      option: 'options',
      message: 'mcpTools: pass one options object: { servers: { name: { command, args } | { url } } }.',
    });
  }
  const { servers, strict = 'auto' } = options;
  if (typeof servers !== 'object' || servers === null || Object.keys(servers).length === 0) {
    throw new InvalidOptionError({
      option: 'servers',
      message:
        'mcpTools: `servers` must name at least one server, e.g. { files: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "."] } }.',
    });
  }
  if (strict !== 'auto' && strict !== false) {
    throw new InvalidOptionError({
      option: 'strict',
      message: `mcpTools: \`strict\` must be "auto" or false, got ${String(strict)}.`,
    });
  }
  return {
    servers: Object.entries(servers).map(([name, server]) => [name, checkServer(name, server)]),
    timeoutMs: positiveMs('timeoutMs', options.timeoutMs, 60_000),
    connectTimeoutMs: positiveMs('connectTimeoutMs', options.connectTimeoutMs, 30_000),
    strict,
  };
}
