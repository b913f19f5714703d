export {
  type ScriptedModel,
  type ScriptedModelOptions,
  type ScriptedTurn,
  type ScriptedTurnData,
  scriptedModel,
} from './scripted-model.js';
