import { createHash } from 'node:crypto';
import { InvalidOptionError } from '@toolloop/core';

/** What core accepts as a tool name (OpenAI's function-name rule). */
export const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

const maxLength = 64;
const hashLength = 8;

/** One tool to name: the server's name in the options and the tool's name on that server. */
export interface ToolNameRequest {
  server: string;
  tool: string;
}

function shortHash(request: ToolNameRequest): string {
  return createHash('sha256').update(`${request.server}\0${request.tool}`).digest('hex').slice(0, hashLength);
}

function hashed(base: string, request: ToolNameRequest): string {
  return `${base.slice(0, maxLength - hashLength - 1)}_${shortHash(request)}`;
}

/**
 * Agent-side names for MCP tools: `server__tool`, with characters outside `[a-zA-Z0-9_-]` turned
 * into `_`. A name longer than 64 characters is cut and ends in `_` + 8 hex digits of a hash of
 * the server and tool names; names that would collide (`a.b` and `a_b`, or `x__y`+`z` and
 * `x`+`y__z`) all take the hashed form, so the result does not depend on listing order.
 */
export function assignToolNames(requests: readonly ToolNameRequest[]): string[] {
  const candidates = requests.map((request) => {
    const base = `${request.server}__${request.tool.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
    return base.length > maxLength ? hashed(base, request) : base;
  });
  const counts = new Map<string, number>();
  for (const name of candidates) counts.set(name, (counts.get(name) ?? 0) + 1);
  const names = candidates.map((name, index) => {
    if (counts.get(name) === 1) return name;
    const request = requests[index]!;
    return hashed(`${request.server}__${request.tool.replace(/[^a-zA-Z0-9_-]/g, '_')}`, request);
  });
  const seen = new Set<string>();
  for (const [index, name] of names.entries()) {
    // Two different (server, tool) pairs with equal 32-bit hash prefixes and equal cut names: not
    // expected in practice, but a silent clash would send calls to the wrong tool.
    if (seen.has(name)) {
      const request = requests[index]!;
      throw new InvalidOptionError({
        option: 'servers',
        message: `mcpTools: two tools get the name "${name}" even after hashing (server "${request.server}", tool "${request.tool}"). Rename one of the servers.`,
      });
    }
    seen.add(name);
  }
  return names;
}
