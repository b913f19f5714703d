import type { BatchEngine } from './batch-engine.js';
import type { SimulatorBatches } from './batch-types.js';
import { fileObject } from './file-store.js';

/** The `sim.batches` handle over an engine. */
export function simulatorBatches(engine: BatchEngine): SimulatorBatches {
  return {
    configure: (behaviour) => engine.configure(behaviour),
    fault: (...faults) => engine.addFaults(faults),
    apiFault: (...faults) => engine.addApiFaults(faults),
    script: (turns) => engine.addScript(turns),
    list: () => engine.wireList(),
    files: () => engine.files.list().map(fileObject),
    now: () => engine.now(),
    advance: (ms) => engine.advance(ms),
    step: () => engine.step(),
    settle: () => engine.settle(),
  };
}
