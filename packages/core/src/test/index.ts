/**
 * Test doubles for your own agents: a scripted in-process model.
 * @module @toolloop/core/test
 */
export {
  type ScriptedModel,
  type ScriptedModelOptions,
  type ScriptedTurn,
  type ScriptedTurnData,
  scriptedModel,
} from './scripted-model.js';
export { type TestPngOptions, testPng } from './test-png.js';
