export { AsyncQueue } from './async-queue.js';
export { newId } from './id.js';
export { type LoadOptionalOptions, loadOptional } from './load-optional.js';
export { redactHeaders, redactSecrets } from './redact.js';
