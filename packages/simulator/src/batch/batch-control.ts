import type { ServerResponse } from 'node:http';
import { InvalidOptionError } from '@toolloop/core';
import { sendJson } from '../server/serve-chat.js';
import { errorBody } from '../wire/error-bodies.js';
import type { BatchApiFault, BatchBehaviour, BatchFault, SimulatorBatches } from './batch-types.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asList = <T>(body: unknown): T[] | undefined =>
  Array.isArray(body) ? (body as T[]) : isObject(body) ? [body as T] : undefined;

/**
 * The batch part of the control API: `GET /_simulator/batches` (batches, files, clock),
 * `POST /_simulator/batches/{configure,faults,api-faults,script,advance,step,settle}`.
 */
export function handleBatchControl(
  batches: SimulatorBatches,
  route: string,
  body: unknown,
  res: ServerResponse,
): void {
  try {
    switch (route) {
      case 'GET /_simulator/batches':
        sendJson(res, 200, { now: batches.now(), batches: batches.list(), files: batches.files() });
        return;
      case 'POST /_simulator/batches/configure':
        if (!isObject(body))
          throw new InvalidOptionError({
            option: 'body',
            message: 'Expected a JSON object of batch options.',
          });
        batches.configure(body as BatchBehaviour);
        break;
      case 'POST /_simulator/batches/faults':
      case 'POST /_simulator/batches/api-faults': {
        const list = asList<BatchFault & BatchApiFault>(body);
        if (!list)
          throw new InvalidOptionError({
            option: 'body',
            message: 'Expected a JSON array of faults (or one fault).',
          });
        if (route.endsWith('api-faults')) batches.apiFault(...list);
        else batches.fault(...list);
        break;
      }
      case 'POST /_simulator/batches/script':
        if (!isObject(body))
          throw new InvalidOptionError({
            option: 'body',
            message: 'Expected a JSON object: { "<custom_id>": [turns…] }.',
          });
        batches.script(body as Parameters<SimulatorBatches['script']>[0]);
        break;
      case 'POST /_simulator/batches/advance': {
        const ms = isObject(body) ? body.ms : undefined;
        if (typeof ms !== 'number')
          throw new InvalidOptionError({ option: 'body', message: 'Expected { "ms": <number> }.' });
        batches.advance(ms);
        break;
      }
      case 'POST /_simulator/batches/step':
        sendJson(res, 200, { ok: true, advancedMs: batches.step(), now: batches.now() });
        return;
      case 'POST /_simulator/batches/settle':
        sendJson(res, 200, { ok: true, steps: batches.settle(), now: batches.now() });
        return;
      default:
        sendJson(res, 404, errorBody(`Invalid URL (${route})`, 'invalid_request_error'));
        return;
    }
    sendJson(res, 200, { ok: true, now: batches.now() });
  } catch (error) {
    // Bad input and refused calls (advance() on a real clock) alike: a 400 naming the problem.
    const message = error instanceof Error ? error.message : String(error);
    sendJson(res, 400, errorBody(message, 'invalid_request_error'));
  }
}
