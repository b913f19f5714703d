import type { ToolCall } from '../messages/message.js';
import type { ModelResponse } from '../model/model.js';
import { finalAnswerToolName, type OutputPlan } from './output-plan.js';

/** What a model response means for a run that wants a typed answer. */
export type AnswerVerdict =
  /** Not an answer yet: the model called tools; run them. */
  | { kind: 'tools' }
  | { kind: 'valid'; data: unknown; answerCall: ToolCall | undefined }
  | {
      kind: 'invalid';
      /** The answer as it arrived (text or the final-answer call's arguments). */
      text: string;
      error: string;
      answerCall: ToolCall | undefined;
      /** False when another round cannot help (a refusal). */
      repairable: boolean;
    };

/** Reads a response as the typed answer `plan` asked for, or says why it is not one. */
export function judgeAnswer(plan: OutputPlan, response: ModelResponse): AnswerVerdict {
  if (response.refusal) {
    return {
      kind: 'invalid',
      text: response.text,
      error: `the model refused to answer: ${response.refusal}`,
      answerCall: undefined,
      repairable: false,
    };
  }
  if (plan.strategy === 'tool') {
    const answerCall = response.toolCalls.find((call) => call.toolName === finalAnswerToolName);
    if (answerCall) {
      const text = answerCall.arguments.trim() === '' ? '{}' : answerCall.arguments;
      const parsed = plan.read(text);
      return parsed.success
        ? { kind: 'valid', data: parsed.data, answerCall }
        : { kind: 'invalid', text, error: parsed.error, answerCall, repairable: true };
    }
    if (response.toolCalls.length > 0) return { kind: 'tools' };
    return {
      kind: 'invalid',
      text: response.text,
      error: `the model answered in text instead of calling "${finalAnswerToolName}"`,
      answerCall: undefined,
      repairable: true,
    };
  }
  if (response.toolCalls.length > 0) return { kind: 'tools' };
  const parsed = plan.read(response.text);
  return parsed.success
    ? { kind: 'valid', data: parsed.data, answerCall: undefined }
    : { kind: 'invalid', text: response.text, error: parsed.error, answerCall: undefined, repairable: true };
}
