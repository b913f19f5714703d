import type { BatchOptions, SimulatorBatches } from './batch/batch-types.js';
import type { ChatRequestBody, Turn } from './turn-types.js';

export type * from './turn-types.js';
/** A misbehaviour injected into one request, consumed in order before script and policy. */
export type Fault =
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { type: 'reset-before-headers' }
  | { type: 'no-headers' }
  | { type: 'cut-after'; events: number }
  | { type: 'stall-after'; events: number }
  | { type: 'malformed-json'; afterEvents: number }
  | { type: 'error-event'; afterEvents: number }
  | { type: 'one-byte-chunks' }
  | { type: 'no-done' };

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** Interface to listen on. Default `'127.0.0.1'`; anything but loopback needs `allowRemote`. */
  host?: string;
  /**
   * Serve a non-loopback `host` and requests addressed to other host names. Off by default: anyone
   * who can reach the port can script the answers your agent acts on. The control API still
   * answers loopback clients only.
   */
  allowRemote?: boolean;
  /** Port to listen on. Default `0` (a random free port). */
  port?: number;
  /** Turns served in order, one per chat-completions request; when empty, the rule-based policy answers. */
  script?: Turn[];
  /** Faults consumed one per chat-completions request, in order, before script/policy. */
  faults?: Fault[];
  /**
   * How text is split into SSE deltas: `chunkChars` (default 4) per delta, `delayMs` between events
   * (default 0: one write). `eventPerWrite` writes each event on its own, yielding to the event loop
   * between writes (as a hosted API sends tokens as they come) instead of the whole stream at once.
   */
  stream?: { chunkChars?: number; delayMs?: number; eventPerWrite?: boolean };
  /** When set, requests without `Authorization: Bearer <apiKey>` get OpenAI's 401 `invalid_api_key` body. */
  apiKey?: string;
  /** Model name echoed when the request has none. Default `'gpt-4o-mini'`. */
  model?: string;
  /**
   * Keep every request in `requests` (default `true`). Benchmarks and long-running servers set
   * `false`: recording keeps each raw body forever; `stats().requests` still counts.
   */
  record?: boolean;
  /** The Files and Batches API: clock, timing, limits and fault knobs (see the README's "Batch API"). */
  batches?: BatchOptions;
}

/** One HTTP request the simulator received (control API calls excluded). */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Header names lower-cased; credential values (Authorization, api-key, Cookie…) are `redactedCredential(value)` fingerprints. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or `undefined` when empty or not JSON. */
  body: unknown;
  rawBody: string;
  /** `Date.now()` when the request's body had fully arrived. */
  receivedAt: number;
}

/** A running simulator. */
export interface Simulator {
  /** Base URL for clients, e.g. `'http://127.0.0.1:43123/v1'`. */
  readonly url: string;
  readonly port: number;
  /** Append turns to the script. */
  script(...turns: Turn[]): void;
  /** Append faults. */
  fault(...faults: Fault[]): void;
  /** Clear script, faults, recorded requests and stats, and every file, batch and batch fault. */
  reset(): void;
  /** Every request received, oldest first (control API calls excluded); empty with `record: false`. */
  readonly requests: RecordedRequest[];
  /** Requests served and CPU used by this process since start (or the last reset). */
  stats(): { requests: number; cpuUserMicros: number; cpuSystemMicros: number };
  /** Inspect and drive the simulated Files and Batches API. */
  readonly batches: SimulatorBatches;
  /** Close the server and destroy open sockets. */
  close(): Promise<void>;
}
