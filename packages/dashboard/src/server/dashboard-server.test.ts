import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsageStore } from '../test/seed-usage-store.js';
import { type Dashboard, startDashboard } from './dashboard-server.js';

let dir: string;
let path: string;
let dashboard: Dashboard;
const until = new Date('2026-01-31T12:00:00.000Z');
const now = () => until.getTime();

beforeAll(async () => {
  await import('../../scripts/build-page.js');
  dir = await mkdtemp(join(tmpdir(), 'toolloop-dashboard-'));
  path = join(dir, 'usage.db');
  await seedUsageStore({ path, calls: 2_000, until, templateCalls: 500 });
  dashboard = await startDashboard({ db: path, port: 0, now });
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
  await rm(dir, { recursive: true, force: true });
});

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(url, dashboard.url), { headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('startDashboard', () => {
  it('serves the page with a strict CSP and no inline script', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(page.body).not.toMatch(/<script>(?!<)/);
    expect((await get('/app.js')).status).toBe(200);
  });

  it('answers usage KPIs equal to SQL aggregates of the store', async () => {
    const usage = JSON.parse((await get('/api/usage?range=7d')).body);
    const db = createClient({ url: `file:${path}` });
    const [row] = (
      await db.execute(
        `SELECT COUNT(*) AS requests, SUM(status <> 'ok') AS errors, SUM(CASE WHEN cache_hit = 0 THEN output_tokens END) AS outputTokens FROM model_calls`,
      )
    ).rows;
    db.close();
    expect(usage.kpis).toMatchObject({
      requests: Number(row!.requests),
      errors: Number(row!.errors),
      outputTokens: Number(row!.outputTokens),
    });
    expect(usage.kpis.requests).toBe(2_000);
  });

  it('sums whole hours from the rollups and the partial edge hours from the calls, exactly', async () => {
    const from = '2026-01-30T03:17:42.123Z';
    const to = '2026-01-31T08:41:05.000Z';
    const query = `from=${from}&to=${to}&model=gpt-4o`;
    const usage = JSON.parse((await get(`/api/usage?${query}`)).body);
    const cost = JSON.parse((await get(`/api/cost?${query}`)).body);
    const db = createClient({ url: `file:${path}` });
    const [row] = (
      await db.execute({
        sql: `SELECT COUNT(*) AS requests, SUM(CASE WHEN cache_hit = 0 THEN input_tokens END) AS inputTokens,
          SUM(cost_usd) AS cost, SUM(cost_usd IS NULL AND total_tokens IS NOT NULL) AS unpriced
          FROM model_calls WHERE timestamp >= ? AND timestamp < ? AND model = 'gpt-4o'`,
        args: [from, to],
      })
    ).rows;
    db.close();
    expect(usage.kpis.requests).toBe(Number(row!.requests));
    expect(usage.kpis.inputTokens).toBe(Number(row!.inputTokens));
    expect(cost.totals.costUSD).toBeCloseTo(Number(row!.cost), 9);
    expect(cost.totals.calls).toBe(Number(row!.requests));
    const seriesTotal = usage.series.reduce(
      (total: number, point: { requests: number }) => total + point.requests,
      0,
    );
    expect(seriesTotal).toBe(Number(row!.requests));
  });

  it('pages the request log and filters it', async () => {
    const first = JSON.parse((await get('/api/calls?range=7d&pageSize=10')).body);
    const second = JSON.parse((await get('/api/calls?range=7d&pageSize=10&page=2')).body);
    expect(first.total).toBe(2_000);
    expect(first.rows).toHaveLength(10);
    expect(second.rows[0].timestamp <= first.rows[9].timestamp).toBe(true);
    const errors = JSON.parse((await get('/api/calls?range=7d&status=error&pageSize=200')).body);
    expect(errors.total).toBeGreaterThan(0);
    expect(errors.rows.every((row: { status: string }) => row.status === 'error')).toBe(true);
  });

  it.each([
    ['/api/usage?from=yesterday', /from=yesterday is not a date/],
    ['/api/calls?page=0', /page=0 must be a whole number/],
    ['/api/usage?model=nope', /model=nope has no calls/],
    ['/api/usage?range=2y', /range=2y is not one of/],
    ['/api/calls?streaming=maybe', /streaming=maybe must be true or false/],
    ['/api/usage?from=2026-01-31T00:00:00Z&to=2026-01-30T00:00:00Z', /from must be before to/],
  ])('answers 400 with the reason for %s', async (url, reason) => {
    const response = await get(url);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toMatch(reason);
  });

  it('refuses a request for another Host (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        new URL('/api/meta', dashboard.url),
        { headers: { host: 'evil.example:4319' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('refuses writes: the handle is read-only', async () => {
    expect((await fetch(new URL('/api/calls', dashboard.url), { method: 'POST' })).status).toBe(405);
  });

  it('names a port in use and suggests --port 0', async () => {
    const port = Number(new URL(dashboard.url).port);
    await expect(startDashboard({ db: path, port })).rejects.toThrow(
      new RegExp(`Port ${port} on 127.0.0.1 is in use.*--port 0`),
    );
  });

  it('explains a missing --db and creates no file', async () => {
    const missing = join(dir, 'nope.db');
    await expect(startDashboard({ db: missing, port: 0 })).rejects.toThrow(/No usage store at .*nope\.db/);
    await expect(stat(missing)).rejects.toThrow();
  });

  it('explains a file that is not SQLite', async () => {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'hello');
    await expect(startDashboard({ db: text, port: 0 })).rejects.toThrow(/is not a SQLite database/);
  });

  it('explains an older schema and migrates it with migrate: true', async () => {
    const old = join(dir, 'old.db');
    const db = createClient({ url: `file:${old}` });
    const v0 = join(import.meta.dirname, '../../../logging/src/sinks/__fixtures__/usage-schema-v0.sql');
    await db.executeMultiple(await readFile(v0, 'utf8'));
    db.close();
    await expect(startDashboard({ db: old, port: 0 })).rejects.toThrow(/schema 0.*--migrate/);
    const migrated = await startDashboard({ db: old, port: 0, migrate: true });
    expect((await fetch(new URL('/api/meta', migrated.url))).status).toBe(200);
    await migrated.close();
  });

  it('binds 127.0.0.1 by default', async () => {
    const local = await startDashboard({ db: path, port: 0 });
    expect(new URL(local.url).hostname).toBe('127.0.0.1');
    await local.close();
  });
});
