import { hasErrorCode, type ToolExecutionError } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import { callResultToOutput } from './call-result-to-output.js';

const call = { toolName: 'w__forecast', toolCallId: 'call_1', server: 'w', mcpName: 'forecast' };

describe('callResultToOutput', () => {
  it('prefers structuredContent over its text rendering', () => {
    const result = {
      content: [{ type: 'text', text: '{"temp":21}' }],
      structuredContent: { temp: 21 },
    };
    expect(callResultToOutput(result, call)).toEqual({ temp: 21 });
  });

  it('joins text parts and names the parts a model cannot read as text', () => {
    const result = {
      content: [
        { type: 'text', text: 'Here it is:' },
        { type: 'image', data: 'AAAA', mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'file:///a.txt', text: 'hello' } },
        { type: 'resource_link', uri: 'file:///b.pdf', name: 'b.pdf' },
      ],
    };
    expect(callResultToOutput(result, call)).toBe(
      'Here it is:\n[image image/png, 3 bytes, not shown]\nhello\n[resource link file:///b.pdf "b.pdf"]',
    );
  });

  it('turns isError into a ToolExecutionError with the server’s words', () => {
    const result = { isError: true, content: [{ type: 'text', text: 'City not found: Atlantis' }] };
    let error: unknown;
    try {
      callResultToOutput(result, call);
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'tool-execution')).toBe(true);
    expect((error as ToolExecutionError).message).toBe(
      'MCP tool "forecast" on server "w" reported an error: City not found: Atlantis',
    );
    expect((error as ToolExecutionError).toolCallId).toBe('call_1');
  });

  it('returns an empty text for an empty result', () => {
    expect(callResultToOutput({ content: [] }, call)).toBe('');
  });
});
