export {
  createStreamAssembler,
  type StreamAssembler,
  type StreamAssemblerOptions,
} from './stream-assembler.js';
