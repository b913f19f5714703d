// A process that calls the model as fast as a shared redisRateLimit lets it, for a while:
//   node --import tsx rate-child.ts <redisUrl> <simUrl> <key> <rpm> <tpm> <durationMs> <loops>
import { wrapModel } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { redisRateLimit } from '../rate-limit/redis-rate-limit.js';

const [redisUrl = '', simUrl = '', key = '', rpm = '0', tpm = '0', durationMs = '0', loops = '4'] = process.argv.slice(2);
const limit = redisRateLimit({
  connection: redisUrl,
  key,
  ...(Number(rpm) ? { rpm: Number(rpm) } : {}),
  ...(Number(tpm) ? { tpm: Number(tpm) } : {}),
});
const model = wrapModel({ model: openai('gpt-4o-mini', { baseURL: simUrl, apiKey: 'sk-test' }), middleware: [limit] });
const until = Date.now() + Number(durationMs);
process.stdout.write('ready\n');
const controller = new AbortController();
setTimeout(() => controller.abort(), Number(durationMs)).unref();
await Promise.all(
  Array.from({ length: Number(loops) }, async () => {
    while (Date.now() < until) {
      try {
        await model.generate(
          { messages: [{ role: 'user', content: '안녕하세요' }], settings: { maxTokens: 16 } },
          { signal: controller.signal },
        );
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      }
    }
  }),
);
await limit.close();
process.exit(0);
