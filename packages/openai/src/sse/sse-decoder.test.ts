import { hasErrorCode, InvalidOptionError } from '@toolloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSSEDecoder, type SSEEvent } from './sse-decoder.js';

const encoder = new TextEncoder();

/** Feeds `bytes` cut at the given offsets and returns the events as plain objects (absent fields dropped). */
function decode(
  bytes: Uint8Array,
  cuts: number[] = [],
  options: { maxEventBytes?: number } = {},
): SSEEvent[] {
  const events: SSEEvent[] = [];
  const decoder = createSSEDecoder({
    ...options,
    onEvent: (event) => {
      const copy: SSEEvent = { data: event.data };
      if (event.event !== undefined) copy.event = event.event;
      if (event.id !== undefined) copy.id = event.id;
      if (event.retry !== undefined) copy.retry = event.retry;
      events.push(copy);
    },
  });
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    decoder.feed(bytes.subarray(start, cut));
    start = cut;
  }
  decoder.feed(bytes.subarray(start));
  decoder.end();
  return events;
}

const decodeText = (text: string, cuts?: number[]): SSEEvent[] => decode(encoder.encode(text), cuts);

describe('createSSEDecoder', () => {
  it('dispatches events separated by blank lines', () => {
    expect(decodeText('data: {"a":1}\n\ndata: [DONE]\n\n')).toEqual([
      { data: '{"a":1}' },
      { data: '[DONE]' },
    ]);
  });

  it('yields the same events for every split position of a small stream', () => {
    const text =
      'event: delta\nid: 7\ndata: {"t":"안녕"}\n\n: ping\n\ndata: x\r\ndata: y\r\n\r\ndata: [DONE]\n\n';
    const bytes = encoder.encode(text);
    const whole = decode(bytes);
    expect(whole).toEqual([
      { event: 'delta', id: '7', data: '{"t":"안녕"}' },
      { data: 'x\ny' },
      { data: '[DONE]' },
    ]);
    for (let first = 0; first <= bytes.length; first++) {
      expect(decode(bytes, [first])).toEqual(whole);
    }
    for (let first = 0; first <= bytes.length; first += 3) {
      for (let second = first; second <= bytes.length; second += 2) {
        expect(decode(bytes, [first, second])).toEqual(whole);
      }
    }
  });

  it('accepts LF, CRLF and CR line endings alike', () => {
    const expected = [{ data: 'one' }, { data: 'two' }];
    expect(decodeText('data: one\n\ndata: two\n\n')).toEqual(expected);
    expect(decodeText('data: one\r\n\r\ndata: two\r\n\r\n')).toEqual(expected);
    expect(decodeText('data: one\r\rdata: two\r\r')).toEqual(expected);
    // A CRLF split between two chunks is one line ending, not two.
    const crlf = encoder.encode('data: one\r\n\r\ndata: two\r\n\r\n');
    expect(decode(crlf, [10])).toEqual(expected);
    expect(decode(crlf, [11, 12])).toEqual(expected);
  });

  it('ignores comments and keep-alives', () => {
    const text = ': OPENROUTER PROCESSING\n\n:ping\n\ndata: {"ok":true}\n: inline comment\n\n: ping\n\n';
    expect(decodeText(text)).toEqual([{ data: '{"ok":true}' }]);
  });

  it('passes id, event and retry through', () => {
    const text = 'retry: 3000\nid: 42\nevent: error\ndata: {"error":{}}\n\ndata: next\n\n';
    expect(decodeText(text)).toEqual([
      { retry: 3000, id: '42', event: 'error', data: '{"error":{}}' },
      { data: 'next' },
    ]);
  });

  it('accepts data: without a space and keeps a second space as content', () => {
    expect(decodeText('data:{"a":1}\n\ndata:  two\n\n')).toEqual([{ data: '{"a":1}' }, { data: ' two' }]);
  });

  it('joins multi-line data with \\n', () => {
    expect(decodeText('data: {\ndata: "a": 1\ndata: }\n\n')).toEqual([{ data: '{\n"a": 1\n}' }]);
  });

  it('dispatches a last event that has no trailing blank line', () => {
    expect(decodeText('data: one\n\ndata: [DONE]\n')).toEqual([{ data: 'one' }, { data: '[DONE]' }]);
    expect(decodeText('data: one\n\ndata: [DONE]')).toEqual([{ data: 'one' }, { data: '[DONE]' }]);
    expect(decodeText('data: one\n\ndata: [DONE]\r')).toEqual([{ data: 'one' }, { data: '[DONE]' }]);
  });

  it('does not dispatch an event before its blank line arrives', () => {
    const events: SSEEvent[] = [];
    const decoder = createSSEDecoder({ onEvent: (event) => events.push(event) });
    decoder.feed(encoder.encode('data: one\n'));
    expect(events).toHaveLength(0);
    decoder.feed(encoder.encode('\n'));
    expect(events.map((event) => event.data)).toEqual(['one']);
    decoder.end();
    expect(events).toHaveLength(1);
  });

  it('keeps multi-byte UTF-8 characters split inside a character', () => {
    const text = 'data: {"t":"서울 날씨 🌤️ 맑음 👍🏽"}\n\n';
    const bytes = encoder.encode(text);
    const expected = [{ data: '{"t":"서울 날씨 🌤️ 맑음 👍🏽"}' }];
    for (let cut = 0; cut <= bytes.length; cut++) expect(decode(bytes, [cut])).toEqual(expected);
    // One byte at a time: every character is split across chunks.
    expect(
      decode(
        bytes,
        Array.from({ length: bytes.length }, (_, i) => i),
      ),
    ).toEqual(expected);
  });

  it('ignores a UTF-8 byte order mark at the start', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('data: a\n\n')]);
    expect(decode(bytes, [1, 2])).toEqual([{ data: 'a' }]);
  });

  it('throws a StreamParseError naming maxEventBytes when an event grows past the cap', () => {
    const decoder = createSSEDecoder({ maxEventBytes: 1024, onEvent: () => {} });
    decoder.feed(encoder.encode('data: small\n\n'));
    const piece = encoder.encode('x'.repeat(300));
    decoder.feed(encoder.encode('data: '));
    decoder.feed(piece);
    decoder.feed(piece);
    decoder.feed(piece);
    let error: unknown;
    try {
      decoder.feed(piece);
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'stream-parse')).toBe(true);
    expect((error as Error).message).toContain('maxEventBytes');
    expect((error as Error).message).toContain('1024');
  });

  it('counts bytes, not characters, against the cap (an event of Korean text in one chunk)', () => {
    // 400 Hangul syllables = 400 UTF-16 units but 1200 bytes.
    const text = `data: ${'가'.repeat(400)}\n\n`;
    expect(() => decode(encoder.encode(text), [], { maxEventBytes: 1000 })).toThrow(
      /maxEventBytes \(1000 bytes\)/,
    );
    expect(decode(encoder.encode(text), [], { maxEventBytes: 2000 })).toHaveLength(1);
  });

  it('does not count many small events in one big chunk as one oversized event', () => {
    const text = 'data: {"a":1}\n\n'.repeat(500);
    expect(decode(encoder.encode(text), [], { maxEventBytes: 100 })).toHaveLength(500);
  });

  it('rejects a non-positive maxEventBytes at construction', () => {
    expect(() => createSSEDecoder({ maxEventBytes: 0, onEvent: () => {} })).toThrow(InvalidOptionError);
  });

  it('propagates an error thrown by onEvent out of feed()', () => {
    const decoder = createSSEDecoder({
      onEvent: () => {
        throw new Error('consumer failed');
      },
    });
    expect(() => decoder.feed(encoder.encode('data: x\n\n'))).toThrow('consumer failed');
  });

  it('re-chunked at random byte boundaries always yields the events of a single-chunk feed', () => {
    const corpus = [
      ': OPENROUTER PROCESSING\r\n\r\n',
      'data: {"choices":[{"delta":{"content":"서울의 날씨는 맑고 기온은 21도입니다."}}]}\r\n\r\n',
      ': ping\n\n',
      'event: message\nid: 1\ndata: {"t":"이모지 🌤️👍🏽🇰🇷 끝"}\n\n',
      'data: 줄 하나\r\ndata: 줄 둘\r\n\r\n',
      'retry: 1500\ndata:붙어있는 데이터\r\r',
      'data: {"t":"혼합 CRLF"}\r\n\n',
      'data: [DONE]\n\n',
    ].join('');
    const bytes = encoder.encode(corpus);
    const expected = decode(bytes);
    expect(expected.map((event) => event.data)).toEqual([
      expect.stringContaining('서울의 날씨는'),
      expect.stringContaining('🌤️👍🏽🇰🇷'),
      '줄 하나\n줄 둘',
      '붙어있는 데이터',
      '{"t":"혼합 CRLF"}',
      '[DONE]',
    ]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 40 }), (cuts) => {
        expect(decode(bytes, cuts)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
