import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { InvalidOptionError } from '@toolloop/core';
import {
  BatchEngine,
  isBatchApiPath,
  isUploadRequest,
  serveBatchApi,
  simulatorBatches,
} from '../batch/index.js';
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
    batches = {},
    allowRemote = false,
  } = options;
  if (!allowRemote && !isLoopbackHost(host)) {
    throw new InvalidOptionError({
      option: 'host',
      message: `The simulator binds loopback only; host ${JSON.stringify(host)} would expose it (and its control API's scripted answers) to the network. Pass allowRemote: true (CLI: --allow-remote) if you mean it.`,
    });
  }
  const batchEngine = new BatchEngine(batches, model);
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
    batches: simulatorBatches(batchEngine),
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
      batchEngine.reset();
      cpuBaseline = process.cpuUsage();
    },
    stats() {
      const cpu = process.cpuUsage(cpuBaseline);
      return { requests: served, cpuUserMicros: cpu.user, cpuSystemMicros: cpu.system };
    },
    close,
  };

  /** `upload` is the raw body of a file upload (`undefined` when it was too large to keep). */
  function handle(req: IncomingMessage, res: ServerResponse, rawBody: string, upload?: Buffer): void {
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
      // Uploads are recorded without their bytes: a 200 MB file must not be kept twice.
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
    if (isBatchApiPath(path)) {
      const query = new URLSearchParams(url.slice(path.length + 1));
      const parsed = body === UNPARSED ? parseJson(rawBody) : body;
      serveBatchApi(
        batchEngine,
        apiKey,
        { method, path, query, headers: req.headers, body: parsed, upload },
        res,
      );
      return;
    }
    if (method === 'GET' && (path === '/v1/models' || path === '/models')) {
      sendJson(res, 200, {
        object: 'list',
        data: [{ id: model, object: 'model', created: 0, owned_by: 'toolloop-simulator' }],
      });
      return;
    }
    sendJson(res, 404, errorBody(`Invalid URL (${method} ${path})`, 'invalid_request_error'));
  }

  function handleSafely(req: IncomingMessage, res: ServerResponse, raw: string, upload?: Buffer): void {
    try {
      handle(req, res, raw, upload);
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
  function handleInOrder(req: IncomingMessage, res: ServerResponse, raw: string, upload?: Buffer): void {
    if (!waiting && !encodingToLoad(raw)) {
      handleSafely(req, res, raw, upload);
      return;
    }
    const turn = (waiting ?? Promise.resolve())
      .then(async () => {
        const needed = encodingToLoad(raw);
        if (needed) await loadTokenizer(needed);
      })
      .catch(() => {}) // a failed load answers 500 from handle, naming the encoding
      .then(() => handleSafely(req, res, raw, upload));
    waiting = turn;
    void turn.then(() => {
      if (waiting === turn) waiting = undefined;
    });
  }

  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    // A client that hangs up mid-response must not crash the server.
    res.on('error', () => {});
    const chunks: Buffer[] = [];
    // A file upload stays bytes; past the size limit (plus room for the multipart framing) it is
    // dropped as it arrives and answered "too large".
    const uploadLimit = isUploadRequest(req.method, (req.url ?? '/').split('?')[0]!)
      ? batchEngine.behaviour.maxBytes + 64 * 1024
      : undefined;
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (uploadLimit === undefined || received <= uploadLimit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => {
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      if (uploadLimit === undefined) handleInOrder(req, res, bytes.toString('utf8'));
      else handleInOrder(req, res, '', received <= uploadLimit ? bytes : undefined);
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
