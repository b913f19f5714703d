import type { ServerResponse } from 'node:http';
import { sendJson } from '../server/serve-chat.js';
import { unauthorized } from '../server/unauthorized.js';
import { defaultErrorBody, errorBody } from '../wire/error-bodies.js';
import type { BatchEngine } from './batch-engine.js';
import { batchObject } from './batch-record.js';
import { checkBatchUpload, FILE_PURPOSES } from './check-upload.js';
import { fileObject } from './file-store.js';
import { multipartBoundary, parseMultipart } from './parse-multipart.js';

/** A Files or Batches API request, as the server hands it over. */
export interface BatchApiRequest {
  method: string;
  /** The path without `/v1`, e.g. `/batches/batch_sim1/cancel`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (non-upload requests). */
  body: unknown;
  /** The raw body of `POST /v1/files`; `undefined` when it exceeded the size limit and was dropped. */
  upload?: Buffer | undefined;
}

const ROUTE = /^(?:\/v1)?\/(files|batches)(?:\/([^/]+))?(?:\/(content|cancel))?\/?$/;

/** True for a path of the Files or Batches API (with or without `/v1`). */
export function isBatchApiPath(path: string): boolean {
  return ROUTE.test(path);
}

/** True for a file upload, whose body the server keeps as bytes. */
export function isUploadRequest(method: string | undefined, path: string): boolean {
  return method === 'POST' && /^(?:\/v1)?\/files\/?$/.test(path);
}

const notFound = (what: string): unknown => errorBody(what, 'invalid_request_error', null, null);
const invalid = (message: string, param: string | null = null, code: string | null = null): unknown =>
  errorBody(message, 'invalid_request_error', code, param);

/** Answers one Files or Batches API request (see the README's "Batch API" section). */
export function serveBatchApi(
  engine: BatchEngine,
  apiKey: string | undefined,
  request: BatchApiRequest,
  res: ServerResponse,
): void {
  const { method, path } = request;
  const match = ROUTE.exec(path);
  if (engine.behaviour.unsupported || !match) {
    sendJson(res, 404, invalid(`Invalid URL (${method} ${path})`));
    return;
  }
  const fault = engine.nextApiFault();
  if (fault) {
    const requestId = String(res.getHeader('x-request-id') ?? '');
    sendJson(res, fault.status, fault.body ?? defaultErrorBody(fault.status, requestId), fault.headers);
    return;
  }
  const authorization = request.headers.authorization;
  const denied = unauthorized(apiKey, typeof authorization === 'string' ? authorization : undefined);
  if (denied !== undefined) {
    sendJson(res, 401, denied);
    return;
  }
  const [, collection, id, action] = match;
  const route = `${method} ${collection}${id === undefined ? '' : '/:id'}${action === undefined ? '' : `/${action}`}`;
  switch (route) {
    case 'POST files':
      uploadFile(engine, request, res);
      return;
    case 'GET files':
      sendJson(res, 200, { object: 'list', data: engine.files.list().map(fileObject), has_more: false });
      return;
    case 'GET files/:id':
    case 'DELETE files/:id':
    case 'GET files/:id/content': {
      const file = engine.files.get(id!);
      if (!file) sendJson(res, 404, notFound(`No such File object: ${id}`));
      else if (method === 'DELETE') {
        engine.files.delete(file.id);
        sendJson(res, 200, { id: file.id, object: 'file', deleted: true });
      } else if (action === 'content') {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': file.data.length,
        });
        res.end(file.data);
      } else sendJson(res, 200, fileObject(file));
      return;
    }
    case 'POST batches':
      createBatch(engine, request.body, res);
      return;
    case 'GET batches':
      listBatches(engine, request.query, res);
      return;
    case 'GET batches/:id':
    case 'POST batches/:id/cancel': {
      const batch = engine.get(id!);
      if (!batch) {
        sendJson(res, 404, notFound(`No batch found with id '${id}'.`));
        return;
      }
      const conflict = action === 'cancel' ? engine.cancel(batch) : undefined;
      if (conflict) sendJson(res, 400, invalid(`Cannot cancel a batch with status '${conflict}'.`));
      else sendJson(res, 200, batchObject(batch));
      return;
    }
    default:
      sendJson(res, 404, invalid(`Invalid URL (${method} ${path})`));
  }
}

function uploadFile(engine: BatchEngine, request: BatchApiRequest, res: ServerResponse): void {
  const contentType = request.headers['content-type'];
  const boundary = multipartBoundary(typeof contentType === 'string' ? contentType : undefined);
  if (!boundary) {
    sendJson(
      res,
      400,
      invalid(`Invalid Content-Type header (${String(contentType)}), expected multipart/form-data.`),
    );
    return;
  }
  const { maxBytes, maxLines } = engine.behaviour;
  if (request.upload === undefined) {
    sendJson(
      res,
      400,
      invalid(`File is too large. A batch input file may have at most ${maxBytes} bytes.`, 'file'),
    );
    return;
  }
  const parts = parseMultipart(request.upload, boundary);
  if (!parts) {
    sendJson(
      res,
      400,
      invalid('The multipart/form-data body is malformed: its parts do not end with the boundary.'),
    );
    return;
  }
  const purpose = parts
    .find((part) => part.name === 'purpose' && part.filename === undefined)
    ?.data.toString('utf8');
  const file = parts.find((part) => part.name === 'file');
  if (purpose === undefined) {
    sendJson(
      res,
      400,
      invalid("Missing required parameter: 'purpose'.", 'purpose', 'missing_required_parameter'),
    );
    return;
  }
  if (!FILE_PURPOSES.has(purpose)) {
    const allowed = [...FILE_PURPOSES].map((name) => `'${name}'`).join(', ');
    sendJson(
      res,
      400,
      invalid(`'${purpose}' is not one of [${allowed}] - 'purpose'`, 'purpose', 'invalid_value'),
    );
    return;
  }
  if (!file || file.filename === undefined) {
    sendJson(res, 400, invalid("Missing required parameter: 'file'.", 'file', 'missing_required_parameter'));
    return;
  }
  if (purpose === 'batch') {
    const rejected = checkBatchUpload({ filename: file.filename, data: file.data, maxBytes, maxLines });
    if (rejected) {
      sendJson(res, 400, rejected);
      return;
    }
  }
  const stored = engine.files.add({ filename: file.filename, purpose, data: file.data, nowMs: engine.now() });
  sendJson(res, 200, fileObject(stored));
}

function createBatch(engine: BatchEngine, body: unknown, res: ServerResponse): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    sendJson(res, 400, invalid('The request body must be a JSON object.'));
    return;
  }
  const {
    input_file_id: inputFileId,
    endpoint,
    completion_window: completionWindow,
    metadata = null,
  } = body as Record<string, unknown>;
  for (const [name, value] of [
    ['input_file_id', inputFileId],
    ['endpoint', endpoint],
    ['completion_window', completionWindow],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      sendJson(
        res,
        400,
        invalid(`Missing required parameter: '${name}'.`, name, 'missing_required_parameter'),
      );
      return;
    }
  }
  if (endpoint !== '/v1/chat/completions') {
    sendJson(
      res,
      400,
      invalid(
        `Unsupported endpoint '${String(endpoint)}': the simulator runs batches of '/v1/chat/completions' only.`,
        'endpoint',
        'invalid_value',
      ),
    );
    return;
  }
  if (completionWindow !== '24h') {
    sendJson(
      res,
      400,
      invalid(
        `Invalid completion_window '${String(completionWindow)}'. Supported values are: '24h'.`,
        'completion_window',
        'invalid_value',
      ),
    );
    return;
  }
  const metadataProblem = checkMetadata(metadata);
  if (metadataProblem) {
    sendJson(res, 400, invalid(metadataProblem, 'metadata', 'invalid_value'));
    return;
  }
  const file = engine.files.get(inputFileId as string);
  if (!file) {
    // 400, not 404: a 404 on POST /v1/batches reads as "this server has no Batch API".
    sendJson(
      res,
      400,
      invalid(
        `No such File object: ${String(inputFileId)}. Upload it with POST /v1/files first.`,
        'input_file_id',
      ),
    );
    return;
  }
  if (file.purpose !== 'batch') {
    sendJson(
      res,
      400,
      invalid(
        `File ${file.id} has purpose '${file.purpose}'; a batch input file must be uploaded with purpose 'batch'.`,
        'input_file_id',
      ),
    );
    return;
  }
  const batch = engine.create({
    inputFile: file,
    endpoint,
    completionWindow,
    metadata: metadata as Record<string, string> | null,
  });
  sendJson(res, 200, batchObject(batch));
}

/** OpenAI's metadata rules: at most 16 pairs, keys ≤ 64 characters, string values ≤ 512. */
function checkMetadata(metadata: unknown): string | undefined {
  if (metadata === null) return undefined;
  if (typeof metadata !== 'object' || Array.isArray(metadata))
    return 'metadata must be an object of strings.';
  const entries = Object.entries(metadata);
  if (entries.length > 16) return `metadata has ${entries.length} keys; at most 16 are allowed.`;
  for (const [key, value] of entries) {
    if (key.length > 64) return `metadata key '${key.slice(0, 20)}…' is longer than 64 characters.`;
    if (typeof value !== 'string') return `metadata['${key}'] must be a string.`;
    if (value.length > 512) return `metadata['${key}'] is longer than 512 characters.`;
  }
  return undefined;
}

function listBatches(engine: BatchEngine, query: URLSearchParams, res: ServerResponse): void {
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? 20 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    sendJson(
      res,
      400,
      invalid(`Invalid 'limit': ${rawLimit}. Expected an integer from 1 to 100.`, 'limit', 'invalid_value'),
    );
    return;
  }
  const all = engine.list();
  const after = query.get('after');
  const start = after === null ? 0 : all.findIndex((batch) => batch.id === after) + 1;
  // An unknown cursor gives an empty page rather than restarting from the top (no endless loop).
  const page = after !== null && start === 0 ? [] : all.slice(start, start + limit);
  sendJson(res, 200, {
    object: 'list',
    data: page.map(batchObject),
    first_id: page[0]?.id ?? null,
    last_id: page[page.length - 1]?.id ?? null,
    has_more: start + page.length < all.length && page.length > 0,
  });
}
