import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** What an output file already holds: finished ids and their totals. */
export interface FinishedLines {
  ids: Set<string>;
  completed: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  cost: number | null;
}

/**
 * Reads an output JSONL file line by line. A last line without its newline (the process died
 * mid-write) is cut off, so the file holds whole results only.
 */
export async function readFinishedLines(path: string): Promise<FinishedLines> {
  const found: FinishedLines = {
    ids: new Set(),
    completed: 0,
    failed: 0,
    inputTokens: 0,
    outputTokens: 0,
    cost: 0,
  };
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) {
        // Find the last newline and cut the torn line after it.
        let end = size - 1;
        const byte = Buffer.alloc(1);
        while (end > 0) {
          await handle.read(byte, 0, 1, end - 1);
          if (byte[0] === 0x0a) break;
          end -= 1;
        }
        await handle.truncate(end);
      }
    }
  } finally {
    await handle.close();
  }
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (line === '') continue;
    const record = JSON.parse(line) as {
      custom_id: string;
      status: string;
      usage?: { inputTokens: number; outputTokens: number };
      cost?: number | null;
    };
    found.ids.add(record.custom_id);
    if (record.status === 'completed') found.completed += 1;
    else found.failed += 1;
    found.inputTokens += record.usage?.inputTokens ?? 0;
    found.outputTokens += record.usage?.outputTokens ?? 0;
    if (record.cost === null || found.cost === null) found.cost = null;
    else found.cost += record.cost ?? 0;
  }
  return found;
}
