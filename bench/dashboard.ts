// `tsx --conditions=@toolloop/source dashboard.ts [--calls N]`: the dashboard's JSON endpoints over a
// seeded usage store of N model calls (default 1,000,000), median and worst of several requests per
// endpoint, and the bytes a page load transfers. Standalone; never run by the tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDashboard } from '@toolloop/dashboard';
import { seedUsageStore } from '@toolloop/dashboard/test';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    calls: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '5' },
  },
});
const calls = Number(values.calls);
const rounds = Number(values.rounds);
const until = new Date('2026-01-31T12:00:00.000Z');
// --db <file>: measure an existing store (seeded by an earlier run) instead of seeding a new one.
const dir = values.db ? undefined : await mkdtemp(join(tmpdir(), 'toolloop-bench-dashboard-'));
const path = values.db ?? join(dir!, 'usage.db');
const line = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
try {
  let started = performance.now();
  // 30 days of calls, so the 30-day views cover the whole store.
  if (dir) {
    const seeded = await seedUsageStore({
      path,
      calls,
      until,
      since: new Date(until.getTime() - 30 * 86_400_000),
    });
    line(
      'seed',
      `${seeded.modelCalls.toLocaleString('en-US')} model + ${seeded.toolCalls.toLocaleString('en-US')} tool calls in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const dashboard = await startDashboard({ db: path, port: 0, now: () => until.getTime() });
  try {
    const endpoints = [
      '/api/meta',
      '/api/usage?range=30d',
      '/api/usage?range=24h',
      '/api/usage?range=30d&model=gpt-4o',
      '/api/cost?range=30d',
      '/api/tools?range=30d',
      '/api/calls?range=30d',
      '/api/calls?range=30d&page=500',
      '/api/calls?range=30d&status=error&q=rate',
      `/api/runs/${encodeURIComponent('run_1_2~7')}`,
    ];
    for (const endpoint of endpoints) {
      const times: number[] = [];
      for (let round = 0; round < rounds; round++) {
        started = performance.now();
        const response = await fetch(new URL(endpoint, dashboard.url));
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${endpoint} answered ${response.status}`);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      line(
        endpoint,
        `median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms`,
      );
    }
    let bytes = 0;
    for (const asset of ['/', '/app.js', '/app.css'])
      bytes += (await (await fetch(new URL(asset, dashboard.url))).arrayBuffer()).byteLength;
    line('page load (html + js + css, uncompressed)', `${(bytes / 1024).toFixed(1)} KB`);
  } finally {
    await dashboard.close();
  }
} finally {
  if (dir) await rm(dir, { recursive: true, force: true });
}
