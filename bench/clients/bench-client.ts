/** The clients the peer benchmarks compare, each run in its own child process. */
export const clientNames = [
  'raw',
  'toolloop',
  'toolloop-model',
  'toolloop-middleware',
  'openai-create',
  'openai-helper',
  'ai-sdk',
] as const;

/** One of {@link clientNames}. */
export type ClientName = (typeof clientNames)[number];

/** One client of the peer benchmarks: the same work, done the way that library's users do it. */
export interface BenchClient {
  /** One 2-step tool loop (weather question → get_weather → answer); resolves to the final text. */
  toolLoop?(): Promise<string>;
  /** Reads one streamed answer; resolves to its text. */
  stream?(): Promise<string>;
  /** Network reads in the last stream, where the client can see them (the raw reader). */
  lastStreamReads?(): number;
  close?(): Promise<void>;
}

/** What every client factory gets: the simulator's base URL (ending in `/v1`-less root). */
export interface ClientOptions {
  baseURL: string;
}
