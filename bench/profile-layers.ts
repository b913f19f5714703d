// Splits a V8 CPU profile's self time into the layers a streamed event crosses, by the source file
// (or V8 pseudo-frame) each sample landed in. Profiles are taken from the TypeScript sources (the
// profile script runs under tsx), so a file names its layer even once the dist is bundled.
// Native frames without a file (TextDecoder's decode, a socket's writev, runMicrotasks) are named
// where they mean something and otherwise count toward the nearest caller that has a file.
// JSON.parse has no frame of its own; the child routes it through json-parse-probe.ts instead.

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** A layer of the streaming path and the frames that belong to it, in the order a byte meets them. */
interface Layer {
  layer: string;
  test(url: string, functionName: string): boolean;
}

const core = (folders: string) => new RegExp(`/packages/core/src/(${folders})/`);
const openai = (files: string) => new RegExp(`/packages/openai/src/.*/(${files})\\.ts$`);

/** The layers, by name, in the order the table prints them. */
export const layers: Layer[] = [
  {
    layer: 'fetch + web streams (node:internal/webstreams, bundled undici)',
    test: (u) => u.startsWith('node:internal/webstreams') || u.startsWith('node:internal/deps/undici'),
  },
  { layer: 'socket, HTTP (undici, node streams)', test: (u, fn) => isNodeIo(u, fn) },
  {
    layer: 'UTF-8 decode (TextDecoder)',
    test: (u, fn) => u.startsWith('node:internal/encoding') || (u === '' && fn === 'decode'),
  },
  { layer: 'SSE parse (eventsource-parser)', test: (u) => u.includes('/eventsource-parser/') },
  { layer: 'JSON.parse', test: (u) => /\/json-parse-probe\.(ts|js)$/.test(u) },
  {
    layer: 'openai decode (SSE decoder, pipeline)',
    test: (u) => openai('sse-decoder|sse-part-pipeline').test(u),
  },
  {
    layer: 'assembler (chunk → part objects)',
    test: (u) => openai('stream-assembler|tool-call-assembler|in-stream-error').test(u),
  },
  {
    layer: 'openai stream (streamChat, batches → parts)',
    test: (u) => openai('stream-chat|stream-deadline|flatten-batches|body-sniffer').test(u),
  },
  { layer: 'openai, other', test: (u) => u.includes('/packages/openai/src/') },
  {
    layer: 'middleware onion (compose, a pass-through layer)',
    test: (u) => core('middleware').test(u) || /\/bench\/clients\/pass-through-middleware\.(ts|js)$/.test(u),
  },
  {
    layer: 'agent.stream layers (runLoop, callModel, collector, abort race)',
    test: (u) => core('run|model|signal|output|util').test(u),
  },
  { layer: 'core, other', test: (u) => u.includes('/packages/core/src/') },
  {
    layer: 'openai-node',
    test: (u) => /\/node_modules\/(\.pnpm\/openai@[^/]+\/node_modules\/)?openai\//.test(u),
  },
  { layer: 'AI SDK', test: (u) => /\/node_modules\/(ai|@ai-sdk\/[^/]+)\//.test(u) },
  { layer: 'zod', test: (u) => u.includes('/node_modules/zod/') },
  { layer: 'consumer (the bench client)', test: (u) => /\/bench\/(clients|peers)\//.test(u) },
  { layer: 'promise jobs (runMicrotasks)', test: (u, fn) => u === '' && fn === 'runMicrotasks' },
  { layer: 'garbage collector', test: (u, fn) => u === '' && fn === '(garbage collector)' },
  { layer: 'V8 / native (program)', test: (u, fn) => u === '' && (fn === '(program)' || fn === '(root)') },
  { layer: 'idle', test: (u, fn) => u === '' && fn === '(idle)' },
];

/** The rows that are not CPU of the client (left out of totals). */
export const idleLayer = 'idle';

function isNodeIo(url: string, fn: string): boolean {
  if (url.includes('/undici/') || url.startsWith('wasm://')) return true; // undici's llhttp is wasm
  if (url.startsWith('node:') && !url.startsWith('node:internal/encoding')) return true;
  // Native socket and timer calls.
  return url === '' && /^(writev|writeBuffer|writeUtf8String|writeLatin1String|onStreamRead|read)$/.test(fn);
}

/**
 * Each layer's share of the busy samples (idle excluded), in {@link layers} order; frames no layer
 * claims go under `other: <file>`. Samples are counted, not weighted by their time deltas: on a
 * shared machine a delta also holds the time the thread waited for a core, so counts follow CPU
 * better. Multiply by the process CPU measured over the same round for µs.
 */
export function layerShares(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const layerOf = new Map<number, string>();
  const resolve = (id: number): string => {
    const known = layerOf.get(id);
    if (known !== undefined) return known;
    const { url, functionName } = byId.get(id)!.callFrame;
    let layer = layers.find((l) => l.test(url, functionName))?.layer;
    if (layer === undefined) {
      const up = parent.get(id);
      // A native frame with no file counts toward its caller; a file no layer claims is named.
      layer = url === '' && up !== undefined ? resolve(up) : `other: ${url || functionName}`;
    }
    layerOf.set(id, layer);
    return layer;
  };
  const counts = new Map<string, number>(layers.map((l) => [l.layer, 0]));
  let busy = 0;
  for (const sample of profile.samples) {
    const layer = resolve(sample);
    counts.set(layer, (counts.get(layer) ?? 0) + 1);
    if (layer !== idleLayer) busy++;
  }
  counts.delete(idleLayer);
  return new Map([...counts].map(([layer, count]) => [layer, busy === 0 ? 0 : count / busy]));
}
