export { type DefineOutputOptions, defineOutput } from './define-output.js';
