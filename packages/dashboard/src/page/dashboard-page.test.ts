/// <reference lib="dom" />
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { sqliteUsageStore } from '@toolloop/logging';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/launch-chromium.js';
import { type Dashboard, startDashboard } from '../server/dashboard-server.js';
import { seedUsageStore, xssProbe } from '../test/seed-usage-store.js';

// Real headless Chromium (Debian's) against a seeded store; screenshots go to the gitignored artefacts/.
const artefacts = join(import.meta.dirname, '../../artefacts');
const until = new Date('2026-01-31T12:00:00.000Z');
let dir: string;
let path: string;
let dashboard: Dashboard;
let browser: Browser;
let page: Page;
let db: Client;

beforeAll(async () => {
  await import('../../scripts/build-page.js');
  await mkdir(artefacts, { recursive: true });
  dir = await mkdtemp(join(tmpdir(), 'toolloop-dashboard-page-'));
  path = join(dir, 'usage.db');
  await seedUsageStore({ path, calls: 10_000, until });
  db = createClient({ url: `file:${path}` });
  dashboard = await startDashboard({ db: path, port: 0, now: () => until.getTime() });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

const sql = async (query: string) => (await db.execute(query)).rows[0]!;
const int = (value: unknown) => Number(value).toLocaleString('en-US');
const usd = (value: unknown) => `$${Number(value).toFixed(6)}`;

async function open(query: string): Promise<void> {
  await page.goto(new URL(`/?${query}`, dashboard.url).href);
  await page.waitForSelector('#view[data-ready]');
}
const textOf = async (selector: string) => (await page.locator(selector).first().textContent()) ?? '';

describe('dashboard page in Chromium', () => {
  it('shows usage KPIs equal to SQL aggregates of the store', async () => {
    await open('tab=usage&range=7d');
    const row =
      await sql(`SELECT COUNT(*) AS n, SUM(CASE WHEN cache_hit = 0 THEN output_tokens END) AS output,
      SUM(status <> 'ok') AS errors, SUM(cache_hit) AS hits FROM model_calls`);
    expect(Number(row.n)).toBe(10_000);
    expect(await textOf('[data-kpi="requests"] strong')).toBe(int(row.n));
    expect(await textOf('[data-kpi="outputTokens"] strong')).toBe(int(row.output));
    expect(await textOf('[data-kpi="errorRate"] strong')).toBe(
      `${((100 * Number(row.errors)) / 10_000).toFixed(1)}%`,
    );
    expect(await textOf('[data-kpi="cacheHitRate"] strong')).toBe(
      `${((100 * Number(row.hits)) / 10_000).toFixed(1)}%`,
    );
    expect(await page.locator('.uplot').count()).toBe(2);
    await page.screenshot({ path: join(artefacts, 'usage.png'), fullPage: true });
  }, 60_000);

  it('shows cost totals equal to SQL, with unknown cost counted apart', async () => {
    await open('tab=cost&range=7d');
    const row = await sql(`SELECT COUNT(*) AS n, SUM(cost_usd) AS cost,
      SUM(cost_usd IS NULL AND total_tokens IS NOT NULL) AS unpriced FROM model_calls`);
    const foot = page.locator('[data-table="cost-by-model"] tfoot td');
    expect(await foot.nth(1).textContent()).toBe(int(row.n));
    expect(await foot.nth(2).textContent()).toBe(usd(row.cost));
    expect(await textOf('[data-kpi="unpricedCalls"] strong')).toBe(int(row.unpriced));
    expect(Number(row.unpriced)).toBeGreaterThan(0);
    await page.screenshot({ path: join(artefacts, 'cost.png'), fullPage: true });
  }, 60_000);

  it('filters by model through the URL', async () => {
    await open('tab=usage&range=7d&model=my-llama');
    const row = await sql(`SELECT COUNT(*) AS n FROM model_calls WHERE model = 'my-llama'`);
    expect(await textOf('[data-kpi="requests"] strong')).toBe(int(row.n));
    expect(await page.locator('select[name="model"]').inputValue()).toBe('my-llama');
  }, 60_000);

  it('shows tool totals equal to SQL', async () => {
    await open('tab=tools&range=7d');
    const row = await sql('SELECT COUNT(*) AS n, SUM(is_error) AS errors FROM tool_calls');
    const foot = page.locator('[data-table="tools"] tfoot td');
    expect(await foot.nth(1).textContent()).toBe(int(row.n));
    expect(await foot.nth(2).textContent()).toBe(int(row.errors));
    await page.screenshot({ path: join(artefacts, 'tools.png'), fullPage: true });
  }, 60_000);

  it('pages and filters the request log', async () => {
    await open('tab=calls&range=7d');
    expect(await textOf('[data-total="calls"]')).toBe(int(10_000));
    const firstId = await page.locator('[data-table="calls"] tbody tr').first().getAttribute('data-id');
    const newest = await sql('SELECT id FROM model_calls ORDER BY timestamp DESC, id DESC LIMIT 1');
    expect(Number(firstId)).toBe(Number(newest.id));
    await page.screenshot({ path: join(artefacts, 'request-log.png'), fullPage: true });
    const ready = await page.locator('#view').getAttribute('data-ready');
    await page.locator('button[data-page="2"]').click();
    await page.waitForFunction(
      (before) => document.querySelector('#view')?.getAttribute('data-ready') !== before,
      ready,
    );
    expect(await textOf('[data-pager]')).toBe('Page 2 of 200');
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    const errors = await sql("SELECT COUNT(*) AS n FROM model_calls WHERE status = 'error'");
    const before = await page.locator('#view').getAttribute('data-ready');
    await page.locator('select[name="status"]').selectOption('error');
    await page.waitForFunction(
      (b) => document.querySelector('#view')?.getAttribute('data-ready') !== b,
      before,
    );
    expect(await textOf('[data-total="calls"]')).toBe(int(errors.n));
    const statuses = await page.locator('[data-table="calls"] tbody tr td:nth-child(3)').allInnerTexts();
    expect(new Set(statuses)).toEqual(new Set(['error']));
  }, 60_000);

  it('renders the XSS probe as text in the call and run views', async () => {
    const probe = await sql(
      `SELECT id FROM model_calls WHERE error_message = '${xssProbe.errorMessage.replaceAll("'", "''")}' LIMIT 1`,
    );
    await open(`tab=calls&range=7d&call=${probe.id}`);
    expect(await textOf('[data-field="prompt"]')).toContain(xssProbe.prompt.replaceAll('"', '\\"'));
    expect(await page.locator('[data-detail="call"]').textContent()).toContain(xssProbe.errorMessage);
    await open(`tab=calls&range=7d&run=${encodeURIComponent(xssProbe.runId)}`);
    expect(await textOf('[data-detail="run"] h2 code')).toBe(xssProbe.runId);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('[data-detail] script, [data-detail] img, [data-detail] svg').count()).toBe(0);
    await page.screenshot({ path: join(artefacts, 'run-detail.png'), fullPage: true });
  }, 60_000);

  it('shows a call written while the page is open, without a reload', async () => {
    await open('tab=calls&range=7d');
    const before = Number((await textOf('[data-total="calls"]')).replaceAll(',', ''));
    const store = sqliteUsageStore({ path });
    await store.write({
      type: 'model-call',
      timestamp: new Date(until.getTime() - 1_000).toISOString(),
      runId: 'run_live',
      step: 1,
      provider: 'openai',
      model: 'gpt-4o-mini',
      responseModel: null,
      responseId: null,
      streaming: false,
      latencyMs: 42,
      timeToFirstTokenMs: null,
      status: 'ok',
      finishReason: 'stop',
      inputTokens: 10,
      cachedInputTokens: 0,
      outputTokens: 2,
      totalTokens: 12,
      reasoningTokens: null,
      costUSD: 0.000001,
      cacheHit: false,
      retries: 0,
      errorCode: null,
      errorMessage: null,
      httpStatus: null,
      batchId: 'batch_live',
      customId: 'req-9',
    });
    await store.close();
    await page.waitForFunction(
      (expected) => document.querySelector('[data-total="calls"]')?.textContent === expected,
      int(before + 1),
      { timeout: 10_000 },
    );
    expect(await page.locator('[data-table="calls"] tbody tr td:nth-child(9)').first().textContent()).toBe(
      'run_live',
    );
    // A batch item's call shows its batch and custom_id, and the log filters by batch id.
    expect(await page.locator('[data-table="calls"] tbody tr td:nth-child(10)').first().textContent()).toBe(
      'batch_live / req-9',
    );
    const batchCells = await page.locator('[data-table="calls"] tbody tr td:nth-child(10)').allInnerTexts();
    expect(batchCells.slice(1).every((cell) => cell === '')).toBe(true);
    await open('tab=calls&range=7d&batchId=batch_live');
    expect(await textOf('[data-total="calls"]')).toBe('1');
    expect(await page.locator('input[name="batchId"]').inputValue()).toBe('batch_live');
  }, 60_000);
});
