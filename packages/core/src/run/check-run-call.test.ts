import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { scriptedModel } from '../test/scripted-model.js';
import { createAgent } from './create-agent.js';

const reject = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('agent.run() refuses what it would silently drop', () => {
  it('an option run() does not take, such as images, naming where images go — and sends nothing', async () => {
    const model = scriptedModel({ turns: [{ text: 'never' }] });
    const agent = createAgent({ model });
    const error = await reject(agent.run('이 사진 분석해줘', { images: ['photo.png'] } as never));
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ option: 'images' });
    expect((error as Error).message).toMatch(/has no option `images`.*image\.fromFile/);
    expect(model.calls).toHaveLength(0);
  });

  it('an image part whose url is a bare file path, pointing to image.fromFile', async () => {
    const model = scriptedModel({ turns: [{ text: 'never' }] });
    const agent = createAgent({ model });
    const input = [{ role: 'user' as const, content: [{ type: 'image' as const, url: './photo.png' }] }];
    const error = await reject(agent.run(input));
    expect(error).toMatchObject({ code: 'invalid-option', option: 'input' });
    expect((error as Error).message).toMatch(
      /"\.\/photo\.png" is not an http\(s\) or data: URL.*image\.fromFile\("\.\/photo\.png"\)/,
    );
    const streamed = await reject(
      (async () => {
        for await (const _event of agent.stream(input)) {
          // never reached
        }
      })(),
    );
    expect(streamed).toMatchObject({ code: 'invalid-option' });
    expect(model.calls).toHaveLength(0);
  });

  it('lets http(s) and data: URLs and the documented options through', async () => {
    const model = scriptedModel({ turns: [{ text: 'ok' }] });
    const content = [
      { type: 'image' as const, url: 'https://example.com/cat.png' },
      { type: 'image' as const, url: 'data:image/png;base64,iVBORw0KGgo=' },
    ];
    const result = await createAgent({ model }).run([{ role: 'user', content }], {
      signal: new AbortController().signal,
      runId: 'run_1',
      batchItem: { batchId: 'batch_1', customId: 'req-1' },
    });
    expect(result.text).toBe('ok');
  });

  it('a batchItem without both ids as strings, naming the shape it needs — and sends nothing', async () => {
    const model = scriptedModel({ turns: [{ text: 'never' }] });
    const agent = createAgent({ model });
    const error = await reject(agent.run('x', { batchItem: { batchId: 'batch_1', customId: 7 } } as never));
    expect(error).toMatchObject({ code: 'invalid-option', option: 'batchItem' });
    expect((error as Error).message).toMatch(
      /batchItem must be \{ batchId: string, customId: string \}.*"customId":7/,
    );
    expect(model.calls).toHaveLength(0);
  });
});
