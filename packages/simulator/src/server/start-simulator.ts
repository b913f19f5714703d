import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { InvalidOptionError } from '@toolloop/core';
import type { Fault, RecordedRequest, Simulator, SimulatorOptions, Turn } from '../types.js';
import { errorBody } from '../wire/error-bodies.js';
import { type EncodingName, encodingFor, loadedTokenizer, loadTokenizer } from '../wire/tokenizer.js';
import { handleControl } from './control-api.js';
import { parseJson } from './parse-json.js';
import { ReplyCache } from './reply-cache.js';
import { isLoopbackHost, recordableHeaders, refusal } from './request-guard.js';
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
    allowRemote = false,
  } = options;
  if (!allowRemote && !isLoopbackHost(host)) {
    throw new InvalidOptionError({
      option: 'host',
      message: `The simulator binds loopback only; host ${JSON.stringify(host)} would expose it (and its control API's scripted answers) to the network. Pass allowRemote: true (CLI: --allow-remote) if you mean it.`,
    });
  }
  // Load the default model's encoding before listening, so no request pays for it.
  await loadTokenizer(encodingFor(model));
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
    const refused = refusal(req, path, allowRemote);
    if (refused !== undefined) {
      res.setHeader('x-request-id', `req_sim_refused_${++controlSequence}`);
      sendJson(res, 403, errorBody(refused, 'invalid_request_error'));
      return;
    }
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
      requests.push({
        method,
        path,
        headers: recordableHeaders(req.headers),
        body,
        rawBody,
        receivedAt: Date.now(),
      });
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

  function handleSafely(req: IncomingMessage, res: ServerResponse, raw: string): void {
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
  }

  // Usage is counted with the request model's encoding. A request that needs one not loaded yet
  // waits for it, and every request after it waits its turn, so requests are still served in
  // arrival order (scripts and faults are consumed in order).
  let waiting: Promise<void> | undefined;
  function handleInOrder(req: IncomingMessage, res: ServerResponse, raw: string): void {
    if (!waiting && !encodingToLoad(raw)) {
      handleSafely(req, res, raw);
      return;
    }
    const turn = (waiting ?? Promise.resolve())
      .then(async () => {
        const needed = encodingToLoad(raw);
        if (needed) await loadTokenizer(needed);
      })
      .catch(() => {}) // a failed load answers 500 from handle, naming the encoding
      .then(() => handleSafely(req, res, raw));
    waiting = turn;
    void turn.then(() => {
      if (waiting === turn) waiting = undefined;
    });
  }

  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    // A client that hangs up mid-response must not crash the server.
    res.on('error', () => {});
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw =
        chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
      handleInOrder(req, res, raw);
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

  /** The encoding a chat request's model needs when it is not loaded yet (a cheap look at the raw body). */
  function encodingToLoad(raw: string): EncodingName | undefined {
    if (loadedTokenizer('o200k_base') && loadedTokenizer('cl100k_base')) return undefined;
    const named = /"model"\s*:\s*"([^"\\]*)"/.exec(raw)?.[1];
    const encoding = encodingFor(named || model);
    return loadedTokenizer(encoding) ? undefined : encoding;
  }

  return simulator;
}
