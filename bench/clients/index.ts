import type { BenchClient, ClientName, ClientOptions } from './bench-client.js';

export * from './bench-client.js';

type Factory = (options: ClientOptions) => BenchClient;

// Loaded on demand: a child process imports only its own client's libraries (memory and startup
// figures must not include the peers').
const factories: Record<ClientName, () => Promise<Factory>> = {
  raw: async () => (await import('./raw.js')).rawClient,
  toolloop: async () => (await import('./toolloop.js')).toolloopClient,
  'toolloop-model': async () => (await import('./toolloop.js')).toolloopModelClient,
  'toolloop-middleware': async () => (await import('./toolloop.js')).toolloopMiddlewareClient,
  'openai-create': async () => (await import('./openai-node.js')).openaiCreateClient,
  'openai-helper': async () => (await import('./openai-node.js')).openaiHelperClient,
  'ai-sdk': async () => (await import('./ai-sdk.js')).aiSdkClient,
};

/** Builds the named client against a simulator. */
export async function createClient(name: ClientName, options: ClientOptions): Promise<BenchClient> {
  return (await factories[name]())(options);
}
