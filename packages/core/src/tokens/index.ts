export { approximateTokens } from './approximate-tokens.js';
export {
  type ContextWindow,
  type ContextWindowTable,
  defaultContextWindows,
  findContextWindow,
} from './context-windows.js';
export type { CountTokensInput, TokenCountRequest } from './count-request.js';
export { type CountTokensOptions, countTokens, countTokensSync, loadTokenizer } from './count-tokens.js';
export { type EncodingName, encodingForModel } from './encoding-for-model.js';
export {
  estimateMessagesTokens,
  estimateRequestTokens,
  type RequestTokenEstimate,
} from './estimate-request-tokens.js';
export { type FitToContextOptions, type FitToContextResult, fitToContext } from './fit-to-context.js';
export type { ImageSize } from './image-dimensions.js';
export { type ImageTokenRule, imageTokenRule, imageTokens } from './image-tokens.js';
