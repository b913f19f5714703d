export { asAbortErrorIfAborted, raceAbort, throwIfAborted } from './abort.js';
export { AsyncQueue } from './async-queue.js';
export { newId } from './id.js';
export { redactHeaders, redactSecrets } from './redact.js';
