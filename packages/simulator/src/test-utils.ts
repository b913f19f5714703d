import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** How the body ended: 'end' normally, 'error' when the connection broke. */
  outcome: 'end' | 'error';
  errorCode?: string | undefined;
  /** Number of 'data' callbacks the client saw. */
  reads: number;
}

/** A raw HTTP POST that reports exactly how the response ended, for fault tests. */
export function post(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; timeoutMs?: number; raw?: boolean } = {},
): Promise<RawResponse> {
  const payload = options.raw ? String(body) : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let reads = 0;
        const done = (outcome: 'end' | 'error', errorCode?: string): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            outcome,
            errorCode,
            reads,
          });
          req.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          reads += 1;
          chunks.push(chunk);
        });
        res.on('end', () => done(res.complete ? 'end' : 'error', res.complete ? undefined : 'incomplete'));
        res.on('aborted', () => done('error', 'aborted'));
        res.on('error', (error: NodeJS.ErrnoException) => done('error', error.code));
        res.on('close', () => done(res.complete ? 'end' : 'error', 'closed'));
      },
    );
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(new Error(`timeout after ${options.timeoutMs ?? 2000} ms`));
    }, options.timeoutMs ?? 2000);
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    req.end(payload);
  });
}

/** The JSON payloads (or raw strings for non-JSON/[DONE]) of the `data:` lines of an SSE body. */
export function sseData(text: string): Array<any> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const line = block.split('\n').find((l) => l.startsWith('data: '));
      const data = line?.slice(6) ?? '';
      try {
        return JSON.parse(data);
      } catch {
        return data;
      }
    });
}

export const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: '특정 도시의 날씨 정보를 가져옵니다',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: '도시 이름 (예: 서울, 부산)' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['city'],
      additionalProperties: false,
    },
  },
} as const;

export const stockTool = {
  type: 'function',
  function: {
    name: 'get_stock_price',
    description: 'Look up the latest stock price for a ticker symbol',
    parameters: {
      type: 'object',
      properties: { ticker: { type: 'string' }, exchange: { type: 'string', enum: ['NASDAQ', 'NYSE'] } },
      required: ['ticker', 'exchange'],
    },
  },
} as const;

// Tiny image headers, enough for the simulator to sniff type and size.
const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

export function png(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    0x89,
    ...ascii('PNG\r\n\x1a\n'),
    ...u32be(13),
    ...ascii('IHDR'),
    ...u32be(width),
    ...u32be(height),
    8,
    6,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
}

export function gif(width: number, height: number): Uint8Array {
  return Uint8Array.from([...ascii('GIF89a'), ...u16le(width), ...u16le(height), 0, 0, 0, 0x3b]);
}

export function jpeg(width: number, height: number, sof = 0xc0): Uint8Array {
  const app0 = [0xff, 0xe0, ...u16be(16), ...ascii('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const dqt = [0xff, 0xdb, ...u16be(4), 0, 0];
  const frame = [
    0xff,
    sof,
    ...u16be(17),
    8,
    ...u16be(height),
    ...u16be(width),
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ];
  return Uint8Array.from([0xff, 0xd8, ...app0, ...dqt, 0xff, 0xff, ...frame, 0xff, 0xd9]);
}

export function webp(kind: 'VP8 ' | 'VP8L' | 'VP8X', width: number, height: number): Uint8Array {
  let chunk: number[];
  if (kind === 'VP8 ') chunk = [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, ...u16le(width), ...u16le(height), 0, 0];
  else if (kind === 'VP8L') {
    const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
    chunk = [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff, 0];
  } else chunk = [0x10, 0, 0, 0, ...u24le(width - 1), ...u24le(height - 1)];
  const body = [...ascii('WEBP'), ...ascii(kind), ...u24le(chunk.length), 0, ...chunk];
  return Uint8Array.from([...ascii('RIFF'), ...u24le(body.length), 0, ...body]);
}
