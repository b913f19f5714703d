import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Fault, RecordedRequest, Simulator, SimulatorOptions, Turn } from '../types.js';
import { errorBody } from '../wire/error-bodies.js';
import { handleControl } from './control-api.js';
import { parseJson } from './parse-json.js';
import { ReplyCache } from './reply-cache.js';
import { type ChatContext, sendJson, serveChat, UNPARSED } from './serve-chat.js';

/**
 * Starts an OpenAI-compatible Chat Completions server on loopback.
 *
 * @example
 * const sim = await startSimulator({ script: [{ text: '안녕하세요' }] });
 * const client = new OpenAI({ baseURL: sim.url, apiKey: 'sk-test' });
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const {
    host = '127.0.0.1',
    port = 0,
    script = [],
    faults = [],
    stream = {},
    apiKey,
    model = 'gpt-4o-mini',
    record = true,
  } = options;
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const context: ChatContext = {
    script: [...script],
    faults: [...faults],
    apiKey,
    model,
    chunkChars: stream.chunkChars ?? 4,
    streamDelayMs: stream.delayMs ?? 0,
    eventPerWrite: stream.eventPerWrite ?? false,
    timers,
    cache: new ReplyCache(),
  };
  const requests: RecordedRequest[] = [];
  let served = 0;
  let sequence = 0;
  let controlSequence = 0;
  let cpuBaseline = process.cpuUsage();

  const simulator: Simulator = {
    url: '',
    port: 0,
    requests,
    script(...turns: Turn[]) {
      context.script.push(...turns);
    },
    fault(...added: Fault[]) {
      context.faults.push(...added);
    },
    reset() {
      context.script.length = 0;
      context.faults.length = 0;
      requests.length = 0;
      served = 0;
      context.cache?.clear();
      cpuBaseline = process.cpuUsage();
    },
    stats() {
      const cpu = process.cpuUsage(cpuBaseline);
      return { requests: served, cpuUserMicros: cpu.user, cpuSystemMicros: cpu.system };
    },
    close,
  };

  function handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query >= 0 ? url.slice(0, query) : url;
    const method = req.method ?? 'GET';
    if (path.startsWith('/_simulator/')) {
      res.setHeader('x-request-id', `req_sim_control_${++controlSequence}`);
      handleControl(simulator, method, path, parseJson(rawBody), rawBody, res);
      return;
    }
    sequence += 1;
    served += 1;
    let body: unknown = UNPARSED;
    if (record) {
      body = parseJson(rawBody);
      requests.push({ method, path, headers: { ...req.headers }, body, rawBody, receivedAt: Date.now() });
    }
    if (method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) {
      // Sets x-request-id itself: the hot path passes every header to one writeHead call.
      serveChat(context, req, res, rawBody, body, sequence);
      return;
    }
    res.setHeader('x-request-id', `req_sim_${sequence}`);
    if (method === 'GET' && (path === '/v1/models' || path === '/models')) {
      sendJson(res, 200, {
        object: 'list',
        data: [{ id: model, object: 'model', created: 0, owned_by: 'toolloop-simulator' }],
      });
      return;
    }
    sendJson(res, 404, errorBody(`Invalid URL (${method} ${path})`, 'invalid_request_error'));
  }

  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    // A client that hangs up mid-response must not crash the server.
    res.on('error', () => {});
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw =
        chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
      try {
        handle(req, res, raw);
      } catch (error) {
        // A computed turn that throws, or a body too odd for the policy, must not take the server down.
        const message = error instanceof Error ? error.message : String(error);
        if (!res.headersSent && !res.hasHeader('x-request-id'))
          res.setHeader('x-request-id', `req_sim_${sequence}`);
        if (!res.headersSent) sendJson(res, 500, errorBody(`Simulator error: ${message}`, 'server_error'));
        else res.destroy();
      }
    });
    req.on('error', () => {});
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  Object.assign(simulator, { url: `http://${urlHost}:${boundPort}/v1`, port: boundPort });

  function close(): Promise<void> {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    return new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    });
  }

  return simulator;
}
