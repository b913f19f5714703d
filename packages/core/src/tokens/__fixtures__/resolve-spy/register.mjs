// Test-only: records every module URL the ESM loader resolves, in globalThis.resolvedModules.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
globalThis.resolvedModules = [];
port1.on('message', (url) => globalThis.resolvedModules.push(url));
port1.unref();
register('./hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });
