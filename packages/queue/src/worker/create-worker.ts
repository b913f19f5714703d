import {
  type AgentOptions,
  computeCost,
  createAgent,
  InvalidOptionError,
  ToolloopError,
} from '@toolloop/core';
import { addUsage, emptyUsage } from '@toolloop/core/internal';
import { type Job, Worker } from 'bullmq';
import { journalMiddleware } from '../journal/journal-middleware.js';
import { journalTools } from '../journal/journal-tools.js';
import { redisJournal } from '../journal/redis-journal.js';
import { cancelledMessage } from '../queue/cancel-batch.js';
import { checkQueueName } from '../queue/create-queue.js';
import type { JobData, JobProgress, QueueResult } from '../queue/types.js';
import { queueKeys } from '../redis/keys.js';
import { openRedis } from '../redis/open-redis.js';

/** Options of {@link createWorker}. */
export interface CreateWorkerOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6390`. */
  connection: string;
  /** The queue's name (as given to createQueue). */
  name: string;
  /**
   * The agent's configuration (what you would pass to createAgent). The worker builds the agent
   * itself so it can put the job journal around the model and the tools.
   */
  agent: AgentOptions;
  /** Jobs this process runs at once (default 1). */
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal (default 30 000 ms). A worker that dies holds its
   * jobs this long, at most, before another worker takes them over.
   */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for (default 30 000 ms). */
  stalledIntervalMs?: number;
  /** Redeliveries after a worker died before a job is given up as failed (default 5). */
  maxStalledCount?: number;
  /** How long a finished job's journal is kept, for inspection (default 3600 s). */
  journalTtlSeconds?: number;
}

/** A running worker; `close()` finishes the jobs in hand and disconnects. */
export interface ToolloopWorker {
  /** The BullMQ worker underneath. */
  readonly bull: Worker<JobData>;
  close(): Promise<void>;
}

function checkAgent(agent: unknown): AgentOptions {
  const model = (agent as AgentOptions | undefined)?.model;
  const isBuiltAgent = typeof (agent as { run?: unknown } | undefined)?.run === 'function';
  if (typeof model?.generate !== 'function' || isBuiltAgent) {
    throw new InvalidOptionError({
      option: 'agent',
      message:
        'createWorker: `agent` must be the agent\'s options — what you pass to createAgent, e.g. { model: openai("gpt-4o-mini"), tools: [getWeather] } — not an agent made by createAgent (the worker must wrap its model and tools with the job journal).',
    });
  }
  return agent as AgentOptions;
}

/**
 * Runs queue jobs with `agent.run()` in this process. Any number of workers, in any number of
 * processes, may serve one queue. A redelivered job resumes from its journal: finished model
 * steps are not requested again and finished tool calls do not run again.
 * @example const worker = await createWorker({ connection, name: 'tickets', agent: { model, tools }, concurrency: 8 });
 */
export async function createWorker(options: CreateWorkerOptions): Promise<ToolloopWorker> {
  const name = checkQueueName(options?.name, 'createWorker');
  const agentOptions = checkAgent(options.agent);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidOptionError({
      option: 'concurrency',
      message: `createWorker: \`concurrency\` must be a whole number ≥ 1, got ${String(concurrency)}.`,
    });
  }
  const { journalTtlSeconds = 3600 } = options;
  const redis = await openRedis(options.connection);
  const keys = queueKeys(name);
  const journal = redisJournal({ redis, keyOf: keys.journal });
  const progressOf = new Map<
    string,
    { job: Job<JobData>; usage: ReturnType<typeof emptyUsage>; cost: number | null }
  >();

  const agent = createAgent({
    ...agentOptions,
    tools: journalTools({ tools: agentOptions.tools ?? [], journal }),
    middleware: [
      journalMiddleware({
        journal,
        async onResponse(response, context) {
          const state = progressOf.get(context.runId);
          if (!state) return;
          if (response.usage) {
            state.usage = addUsage(state.usage, response.usage);
            const stepCost = computeCost(context.model.modelId, response.usage);
            state.cost = state.cost === null || stepCost === null ? null : state.cost + stepCost;
          }
          const progress: JobProgress = {
            step: context.step,
            tokens: state.usage.inputTokens + state.usage.outputTokens,
            cost: state.cost,
          };
          await state.job.updateProgress(progress);
        },
      }),
      ...(agentOptions.middleware ?? []),
    ],
  });

  async function writeResult(batchId: string, result: QueueResult): Promise<void> {
    // HSETNX: a job delivered twice (a lost lock) still has one result, the first.
    await redis.hsetnx(keys.results(batchId), result.custom_id, JSON.stringify(result));
  }

  async function runItem(
    job: Job<JobData>,
    jobId: string,
    signal: AbortSignal | undefined,
  ): Promise<QueueResult> {
    const { custom_id, input } = job.data;
    try {
      const run = await agent.run(input, signal ? { runId: jobId, signal } : { runId: jobId });
      return {
        custom_id,
        response: {
          text: run.text,
          stopReason: run.stopReason,
          steps: run.steps.length,
          usage: run.usage,
          cost: run.cost,
        },
      };
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // A toolloop error is the run's answer (the retry middleware already retried HTTP); anything
      // else threw outside the loop, and the queue tries the job again while attempts remain.
      if (!ToolloopError.isInstance(error) && !lastAttempt) throw error;
      return {
        custom_id,
        error: {
          code: ToolloopError.isInstance(error) ? error.code : 'job-failed',
          message: error instanceof Error ? error.message : String(error),
        },
      };
    }
  }

  async function processJob(job: Job<JobData>, _token?: string, signal?: AbortSignal): Promise<void> {
    const { batchId, custom_id } = job.data;
    const jobId = job.id as string;
    if (await redis.hexists(keys.results(batchId), custom_id)) return;
    // Registered before the cancelled check, so a cancel published in between still reaches this job.
    progressOf.set(jobId, { job, usage: emptyUsage(), cost: 0 });
    let result: QueueResult;
    try {
      if (await redis.exists(keys.cancelled(batchId))) {
        await writeResult(batchId, {
          custom_id,
          error: { code: 'aborted', message: cancelledMessage(batchId) },
        });
        return;
      }
      result = await runItem(job, jobId, signal);
    } finally {
      progressOf.delete(jobId);
    }
    await writeResult(batchId, result);
    await journal.expire(jobId, journalTtlSeconds);
  }

  const bull = new Worker<JobData>(name, processJob, {
    connection: redis,
    concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 5,
  });
  bull.on('error', () => {});
  // cancelBatch publishes the batch id; abort this process's running jobs of that batch.
  const subscriber = redis.duplicate();
  subscriber.on('error', () => {});
  await subscriber.subscribe(keys.cancelChannel);
  subscriber.on('message', (_channel, batchId: string) => {
    for (const [jobId, state] of progressOf) {
      if (state.job.data.batchId === batchId) bull.cancelJob(jobId, cancelledMessage(batchId));
    }
  });
  // A job failed for good (stalled too often) still gets a result, so waitForBatch ends.
  bull.on('failed', (job, error) => {
    if (!job) return;
    const retried = job.attemptsMade < (job.opts.attempts ?? 1) && !/stalled/i.test(error.message);
    if (retried) return;
    void writeResult(job.data.batchId, {
      custom_id: job.data.custom_id,
      error: { code: 'job-failed', message: error.message },
    }).catch(() => {});
  });
  return {
    bull,
    async close() {
      await bull.close();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
