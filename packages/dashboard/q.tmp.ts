import { createClient } from '@libsql/client';
const db = createClient({ url: 'file:/tmp/dash/s1m.db' });
async function t(label: string, sql: string, args: any[] = []) {
  const s = performance.now();
  const r = await db.execute({ sql, args });
  console.log(label.padEnd(30), (performance.now() - s).toFixed(0).padStart(6), 'ms', JSON.stringify(r.rows[0]).slice(0, 150));
}
const all = ['2000-01-01', '2100-01-01'];
const day = [new Date(Date.now() - 86400000).toISOString(), new Date().toISOString()];
for (const [name, range] of [['all', all], ['24h', day]] as const) {
  console.log('---', name);
  await t('count', 'SELECT COUNT(*) c FROM model_calls WHERE timestamp >= ? AND timestamp < ?', [...range]);
  await t('kpi sums', `SELECT COUNT(*) c, SUM(status<>'ok') e, SUM(cache_hit) h, SUM(CASE WHEN cache_hit=0 THEN input_tokens END) i, SUM(CASE WHEN cache_hit=0 THEN output_tokens END) o, SUM(cost_usd) cost FROM model_calls WHERE timestamp >= ? AND timestamp < ?`, [...range]);
  await t('p50 latency', `SELECT latency_ms FROM model_calls WHERE timestamp >= ? AND timestamp < ? ORDER BY latency_ms LIMIT 1 OFFSET (SELECT COUNT(*)/2 FROM model_calls WHERE timestamp >= ?1 AND timestamp < ?2)`, [...range]);
  await t('series by hour/model', `SELECT substr(timestamp,1,13) b, model, COUNT(*), SUM(total_tokens) FROM model_calls WHERE timestamp >= ? AND timestamp < ? GROUP BY 1,2`, [...range]);
  await t('top runs', `SELECT run_id, SUM(cost_usd) c FROM model_calls WHERE timestamp >= ? AND timestamp < ? GROUP BY run_id ORDER BY c DESC LIMIT 10`, [...range]);
  await t('logs page', `SELECT * FROM model_calls WHERE timestamp >= ? AND timestamp < ? ORDER BY timestamp DESC, id DESC LIMIT 50 OFFSET 100`, [...range]);
  await t('logs filtered count', `SELECT COUNT(*) FROM model_calls WHERE timestamp >= ? AND timestamp < ? AND status='error' AND model='gpt-4o'`, [...range]);
  await t('logs text search', `SELECT COUNT(*) FROM model_calls WHERE timestamp >= ? AND timestamp < ? AND error_message LIKE '%unavailable%'`, [...range]);
  await t('tools', `SELECT name, COUNT(*), SUM(ok=0) FROM tool_calls WHERE timestamp >= ? AND timestamp < ? GROUP BY name`, [...range]);
}
