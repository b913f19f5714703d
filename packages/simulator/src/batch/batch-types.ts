import type { Turn } from '../turn-types.js';

/** The time the Files and Batches API reads, in epoch milliseconds. */
export interface BatchClock {
  now(): number;
}

/**
 * How batches behave; every field can change at run time through `sim.batches.configure()` (a
 * batch keeps the timing it was created with).
 */
export interface BatchBehaviour {
  /** How long a new batch stays `validating`. Default 20. */
  validatingMs?: number;
  /** Each line takes this long once the batch is `in_progress` (lines run one after another). Default 5; 0 runs all at once. */
  lineMs?: number;
  /** How long `finalizing` lasts before `completed`. Default 20. */
  finalizingMs?: number;
  /** How long `cancelling` lasts before `cancelled`. Default 20. */
  cancellingMs?: number;
  /** The completion window `'24h'` stands for: a batch still running at `created_at` + this expires. Default 24 h. */
  completionWindowMs?: number;
  /** The most lines an uploaded batch input file may have (OpenAI: 50,000). */
  maxLines?: number;
  /** The largest batch input file accepted, in bytes (OpenAI: 200 MB; default 200 MiB). */
  maxBytes?: number;
  /** Write output and error files in a shuffled (seeded by batch id, so repeatable) order. Default false. */
  shuffle?: boolean;
  /** Lines that fail instead of being answered, first matching rule wins. */
  lineFailures?: BatchLineFailure[];
  /** Answer 404 on `/v1/files` and `/v1/batches`, like a local server without the Batch API. Default false. */
  unsupported?: boolean;
}

/** Options of the Files and Batches API (`startSimulator({ batches })`). */
export interface BatchOptions extends BatchBehaviour {
  /**
   * `'real'` (default) reads `Date.now()`; `'manual'` starts at the server's start time and moves only
   * through `sim.batches.advance()` / `step()` / `settle()`; or a clock of your own. Batches advance
   * lazily when observed, so there are no timers: fake timers that mock `Date` drive `'real'` too.
   */
  clock?: 'real' | 'manual' | BatchClock;
  /** Faults consumed one per created batch, in order. */
  faults?: BatchFault[];
  /** Turns per `custom_id`, consumed one per line with that id (across batches) before the policy answers. */
  script?: Record<string, Turn[]>;
}

/**
 * A line that fails. `customId` is a regular expression source matched against the line's
 * `custom_id`; `rate` (0..1) picks lines by a hash of their `custom_id` (repeatable). With neither,
 * every line fails. The line gets `response: { status_code: status, body }` (default 500 and an
 * OpenAI-shaped error), or with `error` set, `response: null` and that error (a line that never ran).
 */
export interface BatchLineFailure {
  customId?: string;
  rate?: number;
  status?: number;
  body?: unknown;
  error?: { code: string; message: string };
}

/** What happens to one batch, consumed in creation order. */
export type BatchFault =
  /** Validation fails: status `failed` with these `errors.data` (default one `simulated_failure`). */
  | { type: 'fail'; errors?: BatchErrorData[] }
  /** The batch expires once `afterLines` lines are done; the rest are reported as `batch_expired`. */
  | { type: 'expire'; afterLines: number };

/** One HTTP answer injected into the next Files or Batches API request (any route), in order. */
export interface BatchApiFault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** An entry of a batch's `errors.data`. */
export interface BatchErrorData {
  code: string;
  message: string;
  param?: string | null;
  line?: number | null;
}

/** The wire `Batch` object, as `GET /v1/batches/{id}` returns it. */
export type WireBatch = Record<string, unknown> & { id: string; status: string };

/** The wire `File` object, as `GET /v1/files/{id}` returns it. */
export type WireFile = Record<string, unknown> & { id: string; bytes: number; purpose: string };

/** Inspect and drive the simulated Batch API (`sim.batches`). */
export interface SimulatorBatches {
  /** Change behaviour (timing, limits, shuffle, line failures, `unsupported`). */
  configure(behaviour: BatchBehaviour): void;
  /** Append per-batch faults. */
  fault(...faults: BatchFault[]): void;
  /** Append HTTP faults for the next Files/Batches API requests. */
  apiFault(...faults: BatchApiFault[]): void;
  /** Append turns for lines with the given `custom_id`s. */
  script(turns: Record<string, Turn[]>): void;
  /** Every batch, newest first, as the API would return it now. */
  list(): WireBatch[];
  /** Every stored file (inputs, outputs, errors), oldest first. */
  files(): WireFile[];
  /** The clock's current time (epoch ms). */
  now(): number;
  /** Manual clock: move time forward. */
  advance(ms: number): void;
  /** Manual clock: jump to the next status change of any batch; returns the ms advanced (0: none pending). */
  step(): number;
  /** Manual clock: step until every batch is finished; returns the number of steps. */
  settle(): number;
}
