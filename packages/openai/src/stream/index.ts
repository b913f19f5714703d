export { createStreamAssembler, type StreamAssembler } from './stream-assembler.js';
