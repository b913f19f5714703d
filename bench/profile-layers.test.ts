import { describe, expect, it } from 'vitest';
import { type CpuProfile, layerShares } from './profile-layers.js';

const root = '/work/toolloop';
const frame = (id: number, url: string, functionName: string, children: number[] = []) => ({
  id,
  callFrame: { url, functionName },
  children,
});

// (root) → streamChat → StreamAssembler.push → JSON.parse probe; streamChat → native decode;
// (root) → runMicrotasks → a native frame no layer names; (idle); (garbage collector).
const profile: CpuProfile = {
  nodes: [
    frame(1, '', '(root)', [2, 6, 8, 9]),
    frame(2, `file://${root}/packages/openai/src/chat/stream-chat.ts`, 'streamChat', [3, 5]),
    frame(3, `file://${root}/packages/openai/src/stream/stream-assembler.ts`, 'push', [4]),
    frame(4, `file://${root}/bench/peers/json-parse-probe.ts`, 'jsonParseProbe'),
    frame(5, '', 'decode'),
    frame(6, '', 'runMicrotasks', [7]),
    frame(7, '', 'someNativeHelper'),
    frame(8, '', '(idle)'),
    frame(9, '', '(garbage collector)'),
  ],
  // Deltas differ wildly: shares follow sample counts, not deltas.
  samples: [3, 3, 4, 4, 4, 4, 5, 2, 7, 9, 8, 8, 8, 8],
  timeDeltas: [0, 1, 1, 1, 1, 1, 1, 1, 1_000_000, 1, 1, 1, 1, 1],
};

describe('layerShares', () => {
  const shares = layerShares(profile);

  it('splits busy samples by layer, a native frame without a file counting toward its caller', () => {
    expect(shares.get('JSON.parse')).toBeCloseTo(4 / 10);
    expect(shares.get('assembler (chunk → part objects)')).toBeCloseTo(2 / 10);
    expect(shares.get('UTF-8 decode (TextDecoder)')).toBeCloseTo(1 / 10);
    expect(shares.get('openai stream (streamChat, batches → parts)')).toBeCloseTo(1 / 10);
    expect(shares.get('promise jobs (runMicrotasks)')).toBeCloseTo(1 / 10);
    expect(shares.get('garbage collector')).toBeCloseTo(1 / 10);
  });

  it('leaves idle out, so the shares of busy layers add up to one', () => {
    expect(shares.has('idle')).toBe(false);
    expect([...shares.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('names a file no layer claims', () => {
    const other = layerShares({
      nodes: [frame(1, '', '(root)', [2]), frame(2, 'file:///somewhere/else.js', 'f')],
      samples: [2],
      timeDeltas: [0],
    });
    expect(other.get('other: file:///somewhere/else.js')).toBe(1);
  });
});
