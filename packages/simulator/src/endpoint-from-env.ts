import { startSimulator } from './server/start-simulator.js';
import type { SimulatorOptions } from './types.js';

/** Where an example or app sends its requests: a real endpoint, or a simulator started here. */
export interface Endpoint {
  /**
   * The simulator's URL offline, OPENAI_BASE_URL when set, else undefined: the provider then uses
   * its own default (https://api.openai.com/v1 for `openai()`), so the default lives in one place.
   */
  baseURL: string | undefined;
  apiKey: string | undefined;
  /** Model id: OPENAI_MODEL, else the given default. */
  model: string;
  /** True when the built-in simulator answers (no OPENAI_API_KEY / OPENAI_BASE_URL set). */
  offline: boolean;
  /** One line saying which endpoint is used, for the user. */
  description: string;
  close(): Promise<void>;
}

export interface EndpointFromEnvOptions {
  env?: Record<string, string | undefined>;
  defaultModel?: string;
  /** Options for the simulator when it is started. */
  simulator?: SimulatorOptions;
}

/**
 * The real OpenAI-compatible endpoint when OPENAI_BASE_URL or OPENAI_API_KEY is set, otherwise a
 * simulator on 127.0.0.1 started in this process. Examples use it so they run offline by default.
 */
export async function endpointFromEnv(options: EndpointFromEnvOptions = {}): Promise<Endpoint> {
  const env = options.env ?? process.env;
  const model = env.OPENAI_MODEL || options.defaultModel || 'gpt-4o-mini';
  if (env.OPENAI_BASE_URL || env.OPENAI_API_KEY) {
    const baseURL = env.OPENAI_BASE_URL ? env.OPENAI_BASE_URL.replace(/\/+$/, '') : undefined;
    return {
      baseURL,
      apiKey: env.OPENAI_API_KEY || undefined,
      model,
      offline: false,
      description: baseURL
        ? `Using the OpenAI-compatible endpoint at ${baseURL} (model ${model}).`
        : `Using the OpenAI API (OPENAI_API_KEY is set; model ${model}).`,
      close: async () => {},
    };
  }
  const simulator = await startSimulator(options.simulator);
  return {
    baseURL: simulator.url,
    apiKey: undefined,
    model,
    offline: true,
    description: `No OPENAI_API_KEY or OPENAI_BASE_URL set: running offline against the built-in simulator at ${simulator.url}.`,
    close: () => simulator.close(),
  };
}
