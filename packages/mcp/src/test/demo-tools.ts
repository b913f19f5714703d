/** A tool of the demo server: its `tools/list` entry and what `tools/call` does. */
export interface DemoTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  call(args: Record<string, unknown>, signal: AbortSignal): Promise<DemoCallResult> | DemoCallResult;
}

/** A `tools/call` result as the demo server sends it. */
export interface DemoCallResult {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

const text = (value: string): DemoCallResult => ({ content: [{ type: 'text', text: value }] });

const temperatures: Record<string, number> = { 서울: 21, Seoul: 21, 부산: 23, Busan: 23, 제주: 19 };

/** Waits `ms`, or rejects when `signal` aborts (a cancelled call must stop). */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The demo server's tools, covering what a client must handle: structured content, text content,
 * `isError` results, a slow call to cancel, an optional field (strict as nullable), a free-form
 * map (not strict), and what the server's environment holds.
 */
export function demoTools(): DemoTool[] {
  return [
    {
      name: 'get_weather',
      description: 'Current weather for a city (demo data).',
      inputSchema: {
        type: 'object',
        properties: {
          city: { type: 'string', description: 'City name, e.g. 서울' },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'], default: 'celsius' },
        },
        required: ['city'],
      },
      call(args) {
        const city = String(args.city);
        const celsius = temperatures[city] ?? 20;
        const unit = args.unit === 'fahrenheit' ? 'fahrenheit' : 'celsius';
        const temperature = unit === 'fahrenheit' ? Math.round(celsius * 1.8 + 32) : celsius;
        return {
          content: [{ type: 'text', text: `${city}: ${temperature}°${unit === 'celsius' ? 'C' : 'F'}` }],
          structuredContent: { city, temperature, unit },
        };
      },
    },
    {
      name: 'add',
      description: 'Adds two numbers.',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
      call: (args) => text(String(Number(args.a) + Number(args.b))),
    },
    {
      name: 'fail',
      description: 'Always reports an error (isError: true).',
      inputSchema: { type: 'object', properties: {} },
      call: () => ({ ...text('the demo tool failed on purpose'), isError: true }),
    },
    {
      name: 'slow',
      description: 'Answers after `ms` milliseconds, unless cancelled.',
      inputSchema: { type: 'object', properties: { ms: { type: 'number' } }, required: ['ms'] },
      async call(args, signal) {
        await wait(Number(args.ms), signal);
        return text('done');
      },
    },
    {
      name: 'tag_notes',
      description: 'Stores tags for notes: a free-form map, which strict mode cannot express.',
      inputSchema: {
        type: 'object',
        properties: { tags: { type: 'object', additionalProperties: { type: 'string' } } },
        required: ['tags'],
      },
      call: (args) => text(`stored ${Object.keys((args.tags as object) ?? {}).length} tags`),
    },
    {
      name: 'environment',
      description: 'Which environment variables the server process sees (names only), and its pid.',
      inputSchema: { type: 'object', properties: {} },
      call: () => ({
        content: [{ type: 'text', text: 'see structuredContent' }],
        structuredContent: { names: Object.keys(process.env).sort(), pid: process.pid },
      }),
    },
  ];
}
