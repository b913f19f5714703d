// Splits a V8 CPU profile's self time into the layers of a streaming client, by the file (or V8
// pseudo-frame) each sample landed in. Builtins without a JS frame (JSON.parse) count toward
// their caller; the profile script measures JSON.parse apart.

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
  samples: number[];
  timeDeltas: number[];
}

/** The layers, in the order a byte meets them, and how files map onto them. */
const layers: Array<{ layer: string; test: (url: string, fn: string) => boolean }> = [
  { layer: 'idle', test: (_u, fn) => fn === '(idle)' },
  { layer: 'garbage collector', test: (_u, fn) => fn === '(garbage collector)' },
  { layer: 'V8 / native (program)', test: (_u, fn) => fn === '(program)' || fn === '(root)' },
  { layer: 'HTTP client (undici)', test: (u) => u.includes('/undici/') },
  { layer: 'UTF-8 decode (TextDecoder)', test: (u) => u.startsWith('node:internal/encoding') },
  { layer: 'node streams, sockets, promises', test: (u) => u.startsWith('node:') },
  { layer: 'SSE lines (eventsource-parser)', test: (u) => u.includes('/eventsource-parser/') },
  { layer: 'SSE decoder glue', test: (u) => /sse-decoder\.(ts|js)$/.test(u) },
  {
    layer: 'assembler (JSON.parse + part objects)',
    test: (u) => /(stream|tool-call)-assembler\.(ts|js)$/.test(u),
  },
  { layer: 'provider stream (streamChat, onEvent, batches)', test: (u) => /stream-chat\.(ts|js)$/.test(u) },
  { layer: 'batch → part (flattenBatches)', test: (u) => /flatten-batches\.(ts|js)$/.test(u) },
  { layer: 'middleware (compose, wrapModel)', test: (u) => /\/core\/(src|dist)\/middleware\//.test(u) },
  { layer: 'agent loop (runLoop, agent.stream)', test: (u) => /\/core\/(src|dist)\/run\//.test(u) },
  { layer: 'core, other', test: (u) => /\/core\/(src|dist)\//.test(u) },
  { layer: 'openai-node', test: (u) => u.includes('/node_modules/openai/') || u.includes('/openai@') },
  { layer: 'AI SDK', test: (u) => /\/(ai|@ai-sdk\/[^/]+)\//.test(u) && u.includes('node_modules') },
  { layer: 'consumer (bench client)', test: (u) => u.includes('/bench/') },
];

/** Self time per layer, µs, busiest first; `idle` is reported but is not CPU. */
export function layerTimes(profile: CpuProfile): Array<{ layer: string; micros: number }> {
  const layerOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { url, functionName } = node.callFrame;
    layerOf.set(
      node.id,
      layers.find((l) => l.test(url, functionName))?.layer ?? `other: ${url || functionName}`,
    );
  }
  const totals = new Map<string, number>();
  // timeDeltas[i + 1] is the time from sample i to the next: the time spent where sample i landed.
  for (let i = 0; i < profile.samples.length; i++) {
    const layer = layerOf.get(profile.samples[i]!)!;
    totals.set(layer, (totals.get(layer) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  return [...totals].map(([layer, micros]) => ({ layer, micros })).sort((a, b) => b.micros - a.micros);
}
