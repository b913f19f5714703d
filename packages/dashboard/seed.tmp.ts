import { seedUsageStore } from './src/test/index.ts';
const path = process.argv[2]!; const calls = Number(process.argv[3]);
const t = performance.now();
console.log(await seedUsageStore({ path, calls, since: new Date(Date.now() - 30 * 86400000) }), (performance.now() - t).toFixed(0), 'ms');
