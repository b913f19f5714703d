export { abortErrorFrom, asAbortErrorIfAborted, isAbortError, throwIfAborted } from './abort-error-from.js';
export { type LinkedSignal, linkSignals } from './link-signals.js';
export { onAbort } from './on-abort.js';
export { raceAbort } from './race-abort.js';
export { raceAbortIterable } from './race-abort-iterable.js';
export { isSettledOnAbort, settlesOnAbort } from './settles-on-abort.js';
export { sleep } from './sleep.js';
export { withTimeout } from './with-timeout.js';
