export { createSSEDecoder, type SSEDecoder, type SSEDecoderOptions, type SSEEvent } from './sse-decoder.js';
