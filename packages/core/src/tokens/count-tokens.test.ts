import { readFileSync } from 'node:fs';
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/toolloop-error.js';
import type { Message } from '../messages/message.js';
import type { ToolSpec } from '../model/model.js';
import { countTokens, countTokensSync, loadTokenizer } from './count-tokens.js';
import { corpus, GUIDE_BAD_USER } from './test-corpus.js';

const plain = { disallowedSpecial: new Set<string>() };
const user = (content: string): Message => ({ role: 'user', content });
const system = (content: string): Message => ({ role: 'system', content });
const tool = (
  name: string,
  description: string,
  properties: Record<string, unknown>,
  required?: string[],
): ToolSpec => ({
  name,
  description,
  parameters: { type: 'object', properties, ...(required ? { required } : {}) },
});

describe('countTokens on text', () => {
  it('equals gpt-tokenizer’s own encode() for English, Korean, code and emoji in both encodings', async () => {
    for (const [kind, text] of corpus()) {
      expect(await countTokens(text, { model: 'gpt-4o-mini' }), `${kind}: ${text}`).toBe(
        o200k.encode(text, plain).length,
      );
      expect(await countTokens(text, { model: 'gpt-4-0613' }), `${kind}: ${text}`).toBe(
        cl100k.encode(text, plain).length,
      );
    }
  });

  it('matches counts published by OpenAI and the issue', async () => {
    // openai-cookbook "How to count tokens with tiktoken", section 5.
    expect(await countTokens('tiktoken is great!', { model: 'gpt-3.5-turbo' })).toBe(6);
    expect(await countTokens('antidisestablishmentarianism', { model: 'gpt-4' })).toBe(6);
    expect(await countTokens('2 + 2 = 4', { model: 'gpt-4' })).toBe(7);
    expect(await countTokens('お誕生日おめでとう', { model: 'gpt-4' })).toBe(9);
    expect(await countTokens('お誕生日おめでとう', { model: 'gpt-4o' })).toBe(8);
    // Issue 18: the guide's bad prompt, 63 characters, 32 tokens in o200k_base.
    expect(GUIDE_BAD_USER).toHaveLength(63);
    expect(await countTokens(GUIDE_BAD_USER, { model: 'gpt-4o-mini' })).toBe(32);
  });

  it('counts special-token text as the characters it is, never refusing it', async () => {
    const text = 'ignore <|endoftext|> and <|im_start|>';
    expect(await countTokens(text, { model: 'gpt-4o' })).toBe(o200k.encode(text, plain).length);
    expect(await countTokens(text, { model: 'gpt-4o' })).toBeGreaterThan(4);
  });

  it('approximates models it has no tokenizer for, and says which by encodingForModel', async () => {
    const approximate = await countTokens(GUIDE_BAD_USER, { model: 'llama3.1:8b' });
    expect(approximate).not.toBe(Math.ceil(GUIDE_BAD_USER.length / 4));
    expect(Math.abs(approximate - 32) / 32).toBeLessThanOrEqual(0.2); // chars / 4 says 16
    expect(await loadTokenizer({ model: 'llama3.1:8b' })).toBe(false);
  });

  it('is sync once the tokenizer is loaded', async () => {
    expect(await loadTokenizer({ model: 'gpt-4o' })).toBe(true);
    expect(countTokensSync(GUIDE_BAD_USER, { model: 'openai/gpt-4o-2024-08-06' })).toBe(32);
  });

  it('names the missing model option', async () => {
    const error = await countTokens('hi', {} as { model: string }).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'invalid-option')).toBe(true);
    expect((error as Error).message).toMatch(/model: 'gpt-4o-mini'/);
  });
});

describe('countTokens on messages (prompt_tokens as the API reports them)', () => {
  // openai-cookbook section 7: the API reported 101 (gpt-4o, gpt-4o-mini) and 105 (gpt-4, gpt-3.5-turbo).
  const weather = tool(
    'get_current_weather',
    'Get the current weather in a given location',
    {
      location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
      unit: {
        type: 'string',
        description: 'The unit of temperature to return',
        enum: ['celsius', 'fahrenheit'],
      },
    },
    ['location'],
  );
  const weatherMessages = [
    system('You are a helpful assistant that can answer to questions about the weather.'),
    user("What's the weather like in San Francisco?"),
  ];

  it('counts a system + user conversation with a tool as the cookbook measured', async () => {
    for (const model of ['gpt-4o', 'gpt-4o-mini']) {
      expect(await countTokens({ messages: weatherMessages, tools: [weather] }, { model })).toBe(101);
    }
    for (const model of ['gpt-4', 'gpt-3.5-turbo']) {
      expect(await countTokens({ messages: weatherMessages, tools: [weather] }, { model })).toBe(105);
    }
  });

  it('counts an assistant tool call and its result as the API did (gpt-4: 35)', async () => {
    // Reported in forestwanglin/openai-java issue 5 with OpenAI's prompt_tokens.
    const messages: Message[] = [
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          {
            toolCallId: 'call_Id8ycVMsW8gdsf7kSXfgAcf1',
            toolName: 'get_current_weather',
            arguments: '{\n  "location": "Boston, MA"\n}',
          },
        ],
      },
      {
        role: 'tool',
        toolCallId: 'call_Id8ycVMsW8gdsf7kSXfgAcf1',
        toolName: 'get_current_weather',
        content: '29 degree celcius',
      },
    ];
    expect(await countTokens(messages, { model: 'gpt-4' })).toBe(35);
  });

  // hmarr/openai-chat-tokens test cases: prompt_tokens measured on gpt-3.5-turbo (cl100k_base).
  const measured: Array<[string, Message[], ToolSpec[] | undefined, number]> = [
    ['one user word', [user('hello')], undefined, 8],
    ['two user words', [user('hello world')], undefined, 9],
    ['a system message', [system('hello')], undefined, 8],
    ['a system message ending in a colon', [system('hello:')], undefined, 9],
    [
      'system, user and assistant',
      [
        system("# Important: you're the best robot"),
        user('hello robot'),
        { role: 'assistant', content: 'hello world' },
      ],
      undefined,
      27,
    ],
    ['a tool without parameters', [user('hello')], [tool('foo', '', {})], 31],
    ['a described tool', [user('hello')], [tool('foo', 'Do a foo', {})], 36],
    [
      'a string parameter',
      [user('hello')],
      [tool('bing_bong', 'Do a bing bong', { foo: { type: 'string' } })],
      49,
    ],
    [
      'a described number parameter',
      [user('hello')],
      [
        tool('bing_bong', 'Do a bing bong', {
          foo: { type: 'string' },
          bar: { type: 'number', description: 'A number' },
        }),
      ],
      57,
    ],
    [
      'a nested object with an enum',
      [user('hello')],
      [
        tool('bing_bong', 'Do a bing bong', {
          foo: {
            type: 'object',
            properties: { bar: { type: 'string', enum: ['a', 'b', 'c'] }, baz: { type: 'boolean' } },
          },
        }),
      ],
      68,
    ],
    ['a tool with a system message', [system('Hello'), user('Hi there')], [tool('do_stuff', '', {})], 35],
    [
      'a tool with a system message ending in a colon',
      [system('Hello:'), user('Hi there')],
      [tool('do_stuff', '', {})],
      35,
    ],
    [
      'a tool with two system messages',
      [system('Hello:'), system('Hello'), user('Hi there')],
      [tool('do_stuff', '', {})],
      40,
    ],
    [
      'a tool result',
      [user('hello world'), { role: 'tool', toolCallId: 'c1', toolName: 'do_stuff', content: '{}' }],
      undefined,
      15,
    ],
    [
      'a JSON tool result',
      [
        user('hello world'),
        { role: 'tool', toolCallId: 'c1', toolName: 'do_stuff', content: '{"foo": "bar", "baz": 1.5}' },
      ],
      undefined,
      28,
    ],
    [
      'an assistant tool call',
      [
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ toolCallId: 'c1', toolName: 'do_stuff', arguments: '{"foo": "bar", "baz": 1.5}' }],
        },
      ],
      undefined,
      26,
    ],
  ];
  it.each(measured)('counts %s as measured', async (_name, messages, tools, expected) => {
    expect(await countTokens(tools ? { messages, tools } : messages, { model: 'gpt-3.5-turbo' })).toBe(
      expected,
    );
  });

  it('counts a recipe schema with arrays of objects as measured (106)', async () => {
    const recipe = tool(
      'get_recipe',
      '',
      {
        ingredients: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'unit', 'amount'],
            properties: {
              name: { type: 'string' },
              unit: { enum: ['grams', 'ml', 'cups', 'pieces', 'teaspoons'], type: 'string' },
              amount: { type: 'number' },
            },
          },
        },
        instructions: {
          type: 'array',
          items: { type: 'string' },
          description: 'Steps to prepare the recipe (no numbering)',
        },
        time_to_cook: { type: 'number', description: 'Total time to prepare the recipe in minutes' },
      },
      ['ingredients', 'instructions', 'time_to_cook'],
    );
    expect(
      await countTokens({ messages: [user('hello')], tools: [recipe] }, { model: 'gpt-3.5-turbo' }),
    ).toBe(106);
  });

  it('counts a forced tool choice and `none` on top of the definitions', async () => {
    const base = await countTokens({ messages: weatherMessages, tools: [weather] }, { model: 'gpt-4o' });
    expect(
      await countTokens(
        { messages: weatherMessages, tools: [weather], toolChoice: 'none' },
        { model: 'gpt-4o' },
      ),
    ).toBe(base + 1);
    const forced = await countTokens(
      { messages: weatherMessages, tools: [weather], toolChoice: { name: 'get_current_weather' } },
      { model: 'gpt-4o' },
    );
    expect(forced).toBe(base + o200k.encode('get_current_weather').length + 4);
  });
});

describe('countTokens on images', () => {
  const photo = readFileSync(new URL('./__fixtures__/images/gradient-1800x2400.jpg', import.meta.url));
  const tall = readFileSync(new URL('./__fixtures__/images/tall-2048x4096.webp', import.meta.url));
  const withImage = (part: Extract<Message, { role: 'user' }>['content']): Message[] => [
    { role: 'user', content: part },
  ];

  it('adds the tile rule for bytes: 1800×2400 scales to 1536×2048 then 768×1024, 4 tiles, 765 tokens on gpt-4o', async () => {
    const text = await countTokens(withImage([{ type: 'text', text: '이 사진 분석해줘' }]), {
      model: 'gpt-4o',
    });
    const high = await countTokens(
      withImage([
        { type: 'text', text: '이 사진 분석해줘' },
        { type: 'image', data: photo, mimeType: 'image/jpeg', detail: 'high' },
      ]),
      { model: 'gpt-4o' },
    );
    expect(high - text).toBe(85 + 170 * 4);
    const low = await countTokens(
      withImage([
        { type: 'text', text: '이 사진 분석해줘' },
        { type: 'image', data: photo, mimeType: 'image/jpeg', detail: 'low' },
      ]),
      { model: 'gpt-4o' },
    );
    expect(low - text).toBe(85);
  });

  it('reads the size of base64 and data: URL images, and assumes 1024×1024 for https: URLs', async () => {
    // OpenAI's worked example: 2048×4096 scales to 1024×2048, then 768×1536: 6 tiles, 1105 tokens.
    const base64 = tall.toString('base64');
    const model = { model: 'gpt-4o' };
    const only = async (part: Extract<Message, { role: 'user' }>['content']) =>
      (await countTokens(withImage(part), model)) - (await countTokens(withImage([]), model));
    expect(await only([{ type: 'image', data: base64, mimeType: 'image/webp' }])).toBe(1105);
    expect(await only([{ type: 'image', url: `data:image/webp;base64,${base64}` }])).toBe(1105);
    expect(await only([{ type: 'image', url: 'https://example.com/cat.jpg' }])).toBe(765);
  });

  it('uses gpt-4o-mini’s own image rates (an image costs it what it costs gpt-4o)', async () => {
    const part = [{ type: 'image' as const, data: photo, mimeType: 'image/jpeg', detail: 'high' as const }];
    const tokens =
      (await countTokens(withImage(part), { model: 'gpt-4o-mini' })) -
      (await countTokens(withImage([]), { model: 'gpt-4o-mini' }));
    expect(tokens).toBe(2833 + 5667 * 4);
  });
});
