import { readFile } from 'node:fs/promises';
import { type BatchProgress, cancelBatch, getBatch, readBatchInput, runBatch } from '@toolloop/batch';
import { createAgent } from '@toolloop/core';
import { openai, openaiBatchApi } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('a whole number of at least 1.');
  return parsed;
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '?' : `${Math.round(ms / 1000)}s`);
const usd = (cost: number | null): string => (cost === null ? 'unknown' : `$${cost.toFixed(4)}`);

/** A progress bar (cli-progress) on a TTY; a plain line at most once a second otherwise. */
function progressReporter(): { update: (p: BatchProgress) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format:
          '{bar} {value}/{total} | failed {failed} | running {running} | {tokens} tokens | {cost} | ETA {eta_text}',
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = {
          failed: p.failed,
          running: p.running,
          tokens: p.usage.inputTokens + p.usage.outputTokens,
          cost: usd(p.cost),
          eta_text: seconds(p.etaMs),
        };
        if (!started) {
          bar.start(p.total, p.done, payload);
          started = true;
        } else bar.update(p.done, payload);
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let latest: BatchProgress | undefined;
  const line = (p: BatchProgress) =>
    console.error(
      `batch ${p.id}: ${p.done}/${p.total} done (${p.failed} failed, ${p.running} running), ${p.usage.inputTokens + p.usage.outputTokens} tokens, ${usd(p.cost)}, ETA ${seconds(p.etaMs)}`,
    );
  return {
    update(p) {
      latest = p;
      if (Date.now() - last >= 1000) {
        last = Date.now();
        line(p);
      }
    },
    stop: () => latest && line(latest),
  };
}

/** `toolloop batch run|status|cancel|results`: agent batches from a JSONL file, locally or through the provider's Batch API, with status by id. */
export function batchCommand(): Command {
  const batch = new Command('batch').description(
    'run many requests by custom_id, resumably (see docs/batch.md)',
  );

  batch
    .command('run')
    .description('run every {"custom_id", "input"} line of a JSONL file through the agent')
    .argument('<input>', 'input JSONL file')
    .requiredOption('--out <path>', 'results JSONL (refused when it exists, unless --resume)')
    .option('--concurrency <n>', 'items at once', positiveInteger, 8)
    .option('--resume', 'continue the batch that writes to --out, skipping finished custom_ids')
    .option(
      '--provider',
      "send the model calls through the provider's Batch API in rounds (half price at OpenAI; tools run here between rounds)",
    )
    .option(
      '--poll-ms <n>',
      'provider mode: first wait between status checks (doubles up to 60 s)',
      positiveInteger,
      1000,
    )
    .option('--state-dir <dir>', 'where batch checkpoints are kept', '.toolloop/batches')
    .action(
      async (
        input: string,
        options: {
          out: string;
          concurrency: number;
          resume?: boolean;
          provider?: boolean;
          pollMs: number;
          stateDir: string;
        },
      ) => {
        const items = await readBatchInput(input);
        const endpoint = await endpointFromEnv();
        console.error(endpoint.description);
        const agent = createAgent({
          model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
        });
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort());
        const reporter = progressReporter();
        try {
          const info = await runBatch(agent, items, {
            outputPath: options.out,
            concurrency: options.concurrency,
            resume: options.resume === true,
            stateDir: options.stateDir,
            signal: controller.signal,
            onProgress: reporter.update,
            ...(options.provider
              ? {
                  provider: openaiBatchApi(endpoint.model, {
                    baseURL: endpoint.baseURL,
                    apiKey: endpoint.apiKey,
                  }),
                  poll: { initialMs: options.pollMs },
                }
              : {}),
          });
          reporter.stop();
          console.log(`batch id: ${info.id}`);
          console.log(JSON.stringify(info));
        } catch (error) {
          reporter.stop();
          throw error;
        } finally {
          await endpoint.close();
        }
      },
    );

  batch
    .command('status')
    .description('print a batch by id: status, counts, usage, cost')
    .argument('<id>', 'batch id, as `batch run` printed it')
    .option('--state-dir <dir>', 'where batch checkpoints are kept', '.toolloop/batches')
    .action(async (id: string, options: { stateDir: string }) => {
      console.log(JSON.stringify(await getBatch(id, { stateDir: options.stateDir }), null, 2));
    });

  batch
    .command('cancel')
    .description(
      'stop a running batch (it resumes with `batch run --resume`); in provider mode also cancel its provider batches at OPENAI_BASE_URL',
    )
    .argument('<id>', 'batch id')
    .option('--state-dir <dir>', 'where batch checkpoints are kept', '.toolloop/batches')
    .action(async (id: string, options: { stateDir: string }) => {
      const before = await getBatch(id, { stateDir: options.stateDir });
      // Provider batches live at the real endpoint; the offline simulator of this process has none.
      const endpoint = before.mode === 'provider' ? await endpointFromEnv() : undefined;
      try {
        const provider =
          endpoint && !endpoint.offline
            ? openaiBatchApi(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey })
            : undefined;
        const status = await cancelBatch(id, {
          stateDir: options.stateDir,
          ...(provider ? { provider } : {}),
        });
        console.log(JSON.stringify(status, null, 2));
      } finally {
        await endpoint?.close();
      }
    });

  batch
    .command('results')
    .description("print a batch's results JSONL")
    .argument('<id>', 'batch id')
    .option('--state-dir <dir>', 'where batch checkpoints are kept', '.toolloop/batches')
    .action(async (id: string, options: { stateDir: string }) => {
      const info = await getBatch(id, { stateDir: options.stateDir });
      process.stdout.write(await readFile(info.outputPath, 'utf8'));
    });

  return batch;
}
