import { Agent } from 'undici';

let agent: Agent | undefined;

/**
 * The keep-alive Agent shared by every model that has no `dispatcher` of its own. Created on first
 * use, so importing the package has no side effect.
 */
export function defaultAgent(): Agent {
  agent ??= new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 256 });
  return agent;
}
