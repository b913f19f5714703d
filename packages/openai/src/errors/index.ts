export {
  type ApiCallErrorFromConnectionOptions,
  apiCallErrorFromConnection,
} from './api-call-error-from-connection.js';
export {
  type ApiCallErrorFromResponseOptions,
  apiCallErrorFromResponse,
} from './api-call-error-from-response.js';
export { type RedactApiCallErrorOptions, redactApiCallError } from './redact-api-call-error.js';
export { scrubError } from './scrub-error.js';
