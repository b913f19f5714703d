// What logging redacts: provider keys, listed secrets, credential fields.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAgent, InvalidOptionError, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { openai } from '@toolloop/openai';
import { redactedCredential, startSimulator } from '@toolloop/simulator';
import { describe, expect, it, vi } from 'vitest';
import { logging } from '../middleware/logging.js';
import { jsonlSink } from '../sinks/jsonl-sink.js';
import { memorySink, request, returning, toolTurns, useTempDir } from '../test-utils.js';
import type { ModelCallRecord, ToolCallRecord } from './records.js';

const tempDir = useTempDir();

describe('secrets', () => {
  it('redacts the OPENAI_API_KEY the provider used even when it does not look like sk-…', async () => {
    const key = 'gw-live-0123456789ABCDEF';
    const sim = await startSimulator({ apiKey: key });
    try {
      vi.stubEnv('OPENAI_API_KEY', key);
      const path = join(tempDir(), 'calls.jsonl');
      const log = logging({ logPrompts: true, sink: jsonlSink({ path }) });
      sim.script(
        { toolCalls: [{ name: 'get_weather', arguments: { city: key } }] },
        { text: `키 ${key} 확인` },
      );
      const agent = createAgent({
        model: openai('gpt-4o-mini', { baseURL: sim.url }),
        tools: [returning({ echoed: key })],
        middleware: [log],
      });
      await agent.run(`내 키는 ${key} 입니다`);
      await log.close();
      expect(sim.requests[0]?.headers.authorization).toBe(redactedCredential(`Bearer ${key}`));
      const bytes = await readFile(path, 'utf8');
      expect(bytes.split('\n').filter(Boolean)).toHaveLength(3);
      expect(bytes).toContain('[REDACTED]');
      expect(bytes).not.toContain(key);
    } finally {
      await sim.close();
    }
  });

  it('keeps a short OPENAI_API_KEY placeholder of a local server out of redaction', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'lm-studio');
    const { records, sink } = memorySink();
    const model = scriptedModel({ modelId: 'lm-studio-community/qwen', turns: [{ text: 'a' }] });
    await wrapModel({ model, middleware: [logging({ sink })] }).generate(request);
    expect(records[0]).toMatchObject({ model: 'lm-studio-community/qwen' });
  });

  it('skips unset entries of secrets instead of failing the call, and rejects a non-array', async () => {
    const { records, sink } = memorySink();
    const secrets = [undefined as unknown as string, 'corp-gateway-7f3a9c1e'];
    const model = scriptedModel({ turns: [{ text: 'key corp-gateway-7f3a9c1e' }] });
    const response = await wrapModel({
      model,
      middleware: [logging({ sink, logPrompts: true, secrets })],
    }).generate(request);
    expect(response.text).toBe('key corp-gateway-7f3a9c1e');
    expect((records[0] as ModelCallRecord).output?.text).toBe('key [REDACTED]');
    expect(() => logging({ secrets: 'corp-gateway-7f3a9c1e' as unknown as string[] })).toThrow(
      InvalidOptionError,
    );
  });

  it('redacts the whole of a secret that contains a shorter listed secret', async () => {
    const { records, sink } = memorySink();
    const model = scriptedModel({ turns: [{ text: 'token gw-prod-key-1234-signature-9876' }] });
    await wrapModel({
      model,
      middleware: [
        logging({ sink, logPrompts: true, secrets: ['gw-prod-key-1234', 'gw-prod-key-1234-signature-9876'] }),
      ],
    }).generate(request);
    expect(JSON.stringify(records)).not.toContain('signature-9876');
  });

  it('replaces credential fields named in snake_case in tool outputs', async () => {
    const { records, sink } = memorySink();
    const output = { api_key: 'plain-credential-value', OPENAI_API_KEY: 'another-credential' };
    await createAgent({
      model: toolTurns(),
      tools: [returning(output)],
      middleware: [logging({ sink, logPrompts: true })],
    }).run('서울 날씨 어때?');
    const tool = records.find((r): r is ToolCallRecord => r.type === 'tool-call');
    expect(tool?.output).toEqual({ api_key: '[REDACTED]', OPENAI_API_KEY: '[REDACTED]' });
  });
});
