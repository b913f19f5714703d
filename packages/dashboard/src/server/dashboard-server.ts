import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Client } from '@libsql/client';
import { InvalidOptionError, ToolloopError } from '@toolloop/core';
import { DashboardError } from './dashboard-error.js';
import { openUsageStore } from './open-usage-store.js';
import { BadQueryError, parseCallFilter, parseViewFilter } from './query-params.js';
import {
  callDetail,
  callsView,
  costView,
  latestCallId,
  listModels,
  runView,
  toolsView,
  usageView,
} from './view-queries.js';

/** Options of startDashboard. */
export interface DashboardOptions {
  /** The usage store file (`sqliteUsageStore({ path })`). */
  db: string;
  /** TCP port; 0 picks a free one. Default 4319. */
  port?: number;
  /** Address to bind. Default 127.0.0.1 (only this machine). */
  host?: string;
  /** Upgrade an older store's schema in place first (default false: an older store is an error). */
  migrate?: boolean;
  /** The clock, for tests. */
  now?: () => number;
}

/** A running dashboard. */
export interface Dashboard {
  /** The page's address, e.g. `http://127.0.0.1:4319/`. */
  url: string;
  /** Stops the server and closes the store. */
  close(): Promise<void>;
}

/** The page's files, built by `scripts/build-page.ts` into the package's `page/` folder. */
const pageDir = fileURLToPath(new URL('../../page/', import.meta.url));
const assets: Record<string, string> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
};
const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** No inline script or style, nothing from elsewhere, no framing. */
export const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function send(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown) =>
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

async function loadAssets(): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const [route, name] of Object.entries(assets)) {
    try {
      files.set(route, await readFile(pageDir + name));
    } catch (cause) {
      throw new DashboardError({
        reason: 'page-missing',
        message: `The dashboard page is not built (${pageDir}${name} is missing). Run \`pnpm --filter @toolloop/dashboard build\`.`,
        cause,
      });
    }
  }
  return files;
}

/**
 * Serves the dashboard over an existing usage store: the page and its JSON endpoints
 * (`/api/usage`, `/api/cost`, `/api/calls`, `/api/calls/:id`, `/api/runs/:runId`, `/api/tools`,
 * `/api/meta`). Read-only, bound to 127.0.0.1, requests for another Host are refused.
 * @example const { url } = await startDashboard({ db: '.toolloop/usage.db' });
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { port = 4319, host = '127.0.0.1', now = Date.now } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidOptionError({
      option: 'port',
      message: `--port ${port} is not a TCP port; use 1–65535, or 0 for a free one.`,
    });
  const files = await loadAssets();
  const db = await openUsageStore({ path: options.db, migrate: options.migrate });
  let allowedHosts = new Set<string>();

  async function api(db: Client, path: string, params: URLSearchParams): Promise<[number, unknown]> {
    const models = await listModels(db);
    if (path === '/api/meta')
      return [200, { models, latestId: await latestCallId(db), now: new Date(now()).toISOString() }];
    if (path === '/api/usage') return [200, await usageView(db, parseViewFilter(params, models, now()))];
    if (path === '/api/cost') return [200, await costView(db, parseViewFilter(params, models, now()))];
    if (path === '/api/tools') return [200, await toolsView(db, parseViewFilter(params, models, now()))];
    if (path === '/api/calls') return [200, await callsView(db, parseCallFilter(params, models, now()))];
    const call = /^\/api\/calls\/(\d{1,15})$/.exec(path);
    if (call) {
      const row = await callDetail(db, Number(call[1]));
      return row ? [200, row] : [404, { error: `No model call with id ${call[1]}.` }];
    }
    const run = /^\/api\/runs\/(.+)$/.exec(path);
    if (run) {
      const runId = decodeURIComponent(run[1]!);
      const rows = await runView(db, runId);
      return rows.length ? [200, { runId, calls: rows }] : [404, { error: 'No calls with this run id.' }];
    }
    return [404, { error: `No endpoint ${path}.` }];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      send(
        res,
        421,
        'This dashboard answers only to its own address (Host header mismatch).',
        'text/plain; charset=utf-8',
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'The dashboard is read-only.', 'text/plain; charset=utf-8');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const asset = files.get(url.pathname);
    if (asset) {
      send(res, 200, asset, types[assets[url.pathname]!.split('.').pop()!]!);
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      send(res, 404, 'Not found.', 'text/plain; charset=utf-8');
      return;
    }
    try {
      const [status, body] = await api(db, url.pathname, url.searchParams);
      json(res, status, body);
    } catch (error) {
      if (error instanceof BadQueryError || error instanceof URIError)
        json(res, 400, { error: error.message });
      else json(res, 500, { error: 'The query failed; see the server log.' });
      if (!(error instanceof BadQueryError || error instanceof URIError)) console.error(error);
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    db.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new DashboardError({
        reason: 'port-in-use',
        message: `Port ${port} on ${host} is in use. Pick another with --port, or --port 0 for any free port.`,
        cause: error,
      });
    throw error;
  }
  const bound = (server.address() as AddressInfo).port;
  const name = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([
    `${name}:${bound}`,
    ...(host === '127.0.0.1' || host === '::1' ? [`localhost:${bound}`] : []),
  ]);
  return {
    url: `http://${name}:${bound}/`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      db.close();
    },
  };
}
