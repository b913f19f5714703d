import type { Agent, Dispatcher, request } from 'undici';

type Undici = typeof import('undici');
type RequestOptions = NonNullable<Parameters<typeof request<null>>[1]>;

let undici: Undici | undefined;
let agent: Agent | undefined;

/**
 * undici's `request`, over `options.dispatcher` or, when that is undefined, over the keep-alive
 * Agent shared by every model without a dispatcher of its own. undici is imported on the first call
 * and the Agent created then: importing this package loads neither (undici costs more to import
 * than all of toolloop's Quick start, issue 16).
 */
export async function undiciRequest(url: string, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  undici ??= await import('undici');
  options.dispatcher ??= agent ??= new undici.Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connections: 256,
  });
  return undici.request(url, options);
}
