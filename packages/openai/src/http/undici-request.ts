import type { Agent, Dispatcher, request } from 'undici';

type Undici = typeof import('undici');
type RequestOptions = NonNullable<Parameters<typeof request<null>>[1]>;

let undici: Undici | undefined;
let agent: Agent | undefined;

/**
 * undici, imported on the first call: importing this package loads it not (undici costs more to
 * import than all of toolloop's Quick start, issue 16). Resolves at once after the first call.
 */
export async function loadUndici(): Promise<Undici> {
  undici ??= await import('undici');
  return undici;
}

/** undici when it is loaded already (the hot path skips an await). */
export const loadedUndici = (): Undici | undefined => undici;

/** The keep-alive Agent shared by every model without a dispatcher of its own, created on first use. */
export function sharedAgent(loaded: Undici): Dispatcher {
  agent ??= new loaded.Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connections: 256,
  });
  return agent;
}

/** undici's `request`, over `options.dispatcher` or, when that is undefined, the shared Agent. */
export async function undiciRequest(url: string, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const loaded = loadedUndici() ?? (await loadUndici());
  options.dispatcher ??= sharedAgent(loaded);
  return loaded.request(url, options);
}
