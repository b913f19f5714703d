import type { ServerResponse } from 'node:http';
import { handleBatchControl } from '../batch/batch-control.js';
import type { Fault, Simulator, Turn } from '../types.js';
import { errorBody } from '../wire/error-bodies.js';
import { sendJson } from './serve-chat.js';

function asList<T>(body: unknown): T[] | undefined {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') return [body as T];
  return undefined;
}

/**
 * The control API, for a simulator in another process: `POST /_simulator/script` (turns),
 * `POST /_simulator/faults`, `POST /_simulator/reset`, `GET /_simulator/stats`,
 * `GET /_simulator/requests`, and the batch routes under `/_simulator/batches`.
 */
export function handleControl(
  simulator: Simulator,
  method: string,
  path: string,
  body: unknown,
  rawBody: string,
  res: ServerResponse,
): void {
  const route = `${method} ${path}`;
  if (path === '/_simulator/batches' || path.startsWith('/_simulator/batches/')) {
    handleBatchControl(simulator.batches, route, body, res);
    return;
  }
  switch (route) {
    case 'POST /_simulator/script':
    case 'POST /_simulator/faults': {
      const list = asList<Turn & Fault>(body);
      if (!list) {
        sendJson(
          res,
          400,
          errorBody(`Expected a JSON array body, got: ${rawBody.slice(0, 80)}`, 'invalid_request_error'),
        );
        return;
      }
      if (path.endsWith('script')) simulator.script(...list);
      else simulator.fault(...list);
      sendJson(res, 200, { ok: true, added: list.length });
      return;
    }
    case 'POST /_simulator/reset':
      simulator.reset();
      sendJson(res, 200, { ok: true });
      return;
    case 'GET /_simulator/stats':
      sendJson(res, 200, simulator.stats());
      return;
    case 'GET /_simulator/requests':
      sendJson(res, 200, simulator.requests);
      return;
    default:
      sendJson(res, 404, errorBody(`Invalid URL (${route})`, 'invalid_request_error'));
  }
}
