import type { ModelRequest } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import type { BatchItem } from '../batch-types.js';

/** 400 items with answers of about 300 bytes: 120 KB of result lines (crash-agent's prompts, for its tool). */
export const fullDiskItems: BatchItem[] = Array.from({ length: 400 }, (_, index) => ({
  custom_id: `req-${index + 1}`,
  input: `item ${index + 1}`,
}));

/** Answers each prompt with a long text derived from it. */
export function fullDiskModel() {
  const turn = (request: ModelRequest) => ({
    text: `${String(request.messages.at(-1)?.content)}: ${'답변 '.repeat(40)}`,
    usage: { inputTokens: 10, outputTokens: 40 },
  });
  return scriptedModel({ modelId: 'gpt-4o-mini', turns: Array.from({ length: fullDiskItems.length }, () => turn) });
}
