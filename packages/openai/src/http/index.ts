export { ERROR_BODY_MAX_BYTES, readErrorBody } from './read-error-body.js';
export { toResponseHeaders } from './response-headers.js';
export { undiciRequest } from './undici-request.js';
