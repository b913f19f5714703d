import { createClient } from '@libsql/client';
const db = createClient({ url: 'file:/tmp/dash/s1m.db' });
async function t(label: string, sql: string, args: any[] = []) {
  const s = performance.now();
  const r = await db.execute({ sql, args });
  console.log(label.padEnd(30), (performance.now() - s).toFixed(0).padStart(6), 'ms', JSON.stringify(r.rows[0]).slice(0, 150));
}
let s = performance.now();
await db.execute('CREATE INDEX IF NOT EXISTS lat ON model_calls (latency_ms, timestamp, model)');
console.log('index', performance.now() - s);
const all = ['2000-01-01', '2100-01-01'];
const day = [new Date(Date.now() - 86400000).toISOString(), new Date().toISOString()];
for (const [name, range] of [['all', all], ['24h', day]] as const) {
  console.log('---', name);
  const n = Number((await db.execute({ sql: 'SELECT COUNT(*) c FROM model_calls WHERE timestamp >= ? AND timestamp < ?', args: [...range] })).rows[0]!.c);
  await t('p50 walk', `SELECT latency_ms FROM model_calls INDEXED BY lat WHERE timestamp >= ? AND timestamp < ? ORDER BY latency_ms LIMIT 1 OFFSET ?`, [...range, Math.floor(n / 2)]);
  await t('p95 walk desc', `SELECT latency_ms FROM model_calls INDEXED BY lat WHERE timestamp >= ? AND timestamp < ? ORDER BY latency_ms DESC LIMIT 1 OFFSET ?`, [...range, Math.floor(n * 0.05)]);
  await t('p50 model walk', `SELECT latency_ms FROM model_calls INDEXED BY lat WHERE timestamp >= ? AND timestamp < ? AND model = 'gpt-4o' ORDER BY latency_ms LIMIT 1 OFFSET ?`, [...range, Math.floor(n / 8)]);
  await t('p50 sort', `SELECT latency_ms FROM model_calls INDEXED BY model_calls_timestamp WHERE timestamp >= ? AND timestamp < ? ORDER BY latency_ms LIMIT 1 OFFSET ?`, [...range, Math.floor(n / 2)]);
}
