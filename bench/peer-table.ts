// The peer table `pnpm bench` prints: rows are scenarios, columns are clients; ratios are over the
// raw baseline measured in the same run; a range is min–max over repeated runs.
import { cpus, loadavg, totalmem } from 'node:os';
import type { ClientName } from './clients/index.js';
import type { ColdStartFigures, ColdStartStack } from './cold-start.js';
import type { InstalledSize, SizeStack } from './installed-size.js';
import type { ClientFigures, PeerResult } from './peers/run-peers.js';

/** Everything one `pnpm bench` measured. */
export interface PeerTableInput {
  /** The peer benchmarks, once per run. */
  runs: PeerResult[][];
  coldStart: Record<ColdStartStack, ColdStartFigures>;
  installedSize?: Record<SizeStack, InstalledSize>;
  /** A quick (sanity) run: the table says so. */
  quick?: boolean;
}

const columns: Array<{ client: ClientName; title: string }> = [
  { client: 'raw', title: 'raw undici' },
  { client: 'toolloop', title: 'toolloop' },
  { client: 'toolloop-model', title: 'toolloop model.stream()' },
  { client: 'openai-create', title: 'openai-node create()' },
  { client: 'openai-helper', title: 'openai-node runTools()/stream()' },
  { client: 'ai-sdk', title: 'AI SDK generateText/streamText' },
];

type Verdict = 'met' | 'not met' | 'mixed';

/** Targets of issue 16 on toolloop's figure, per scenario key. */
const targets: Record<string, { text: string; value: (c: ClientFigures) => number; limit: number }> = {
  'tool-loop-1': { text: 'wall ≤ 1.05×', value: (c) => c.wallRatio, limit: 1.05 },
  'tool-loop-64': { text: 'wall ≤ 1.15×', value: (c) => c.wallRatio, limit: 1.15 },
  'stream-batched': { text: 'CPU ≤ 1.3×', value: (c) => c.cpuRatio, limit: 1.3 },
};

function verdict(checks: boolean[]): Verdict {
  if (checks.every(Boolean)) return 'met';
  return checks.some(Boolean) ? 'mixed' : 'not met';
}

function range(values: number[], digits: number, unit = ''): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const a = lo.toFixed(digits);
  const b = hi.toFixed(digits);
  return a === b ? `${a}${unit}` : `${a}–${b}${unit}`;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** The markdown table, the machine line above it and the target verdicts below it. */
export function peerTable(input: PeerTableInput): string {
  const lines: string[] = [];
  const cpu = cpus();
  lines.push(
    `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
      `load average at the end ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' / ',
        )}; ${input.runs.length} run(s), ranges over runs${input.quick ? '; QUICK MODE (smaller rounds): sanity figures, not results' : ''}.`,
    'Ratios are over the raw undici client in the same run (wall, and client CPU in brackets); each client runs in its own fresh process against one simulator process.',
    '',
    `| scenario | ${columns.map((c) => c.title).join(' | ')} | target (toolloop) |`,
    `| --- | ${columns.map(() => '---').join(' | ')} | --- |`,
  );
  const verdicts: string[] = [];
  const keys = input.runs[0]?.map((r) => r.key) ?? [];
  for (const key of keys) {
    const results = input.runs.map((run) => run.find((r) => r.key === key)!).filter(Boolean);
    const first = results[0]!;
    const cells = columns.map(({ client }) => {
      const figures = results
        .map((r) => r.clients[client])
        .filter((c): c is ClientFigures => c !== undefined);
      if (figures.length === 0) return '—';
      if (client === 'raw') {
        const per = (ms: number) =>
          first.unit === 'run' ? ms / first.unitsPerRound : (ms * 1000) / first.unitsPerRound;
        const cpuPer = (us: number) =>
          first.unit === 'run' ? us / 1000 / first.unitsPerRound : us / first.unitsPerRound;
        const unit = first.unit === 'run' ? ' ms/run' : ' µs/delta';
        const reads = figures[0]?.readsPerStream;
        const readNote =
          reads === undefined ? '' : `, ${(first.unitsPerRound / reads).toFixed(1)} events/read`;
        return `${range(
          figures.map((f) => per(f.roundMs)),
          2,
          unit,
        )} (CPU ${range(
          figures.map((f) => cpuPer(f.roundCpuMicros)),
          2,
        )}${readNote})`;
      }
      return `${range(
        figures.map((f) => f.wallRatio),
        2,
        '×',
      )} (CPU ${range(
        figures.map((f) => f.cpuRatio),
        2,
        '×',
      )})`;
    });
    const target = targets[key];
    let targetCell = '— (no target)';
    if (target) {
      const ours = results.map((r) => r.clients.toolloop).filter((c): c is ClientFigures => c !== undefined);
      const v = verdict(ours.map((c) => target.value(c) <= target.limit));
      targetCell = `${target.text}: **${v}**`;
      verdicts.push(`${first.name}: ${target.text} — ${v}`);
    }
    lines.push(`| ${first.name} | ${cells.join(' | ')} | ${targetCell} |`);
  }

  // Peak RSS of each child over its whole life in the concurrency benchmark.
  const concurrent = input.runs
    .map((run) => run.find((r) => r.key.startsWith('tool-loop-') && r.concurrency > 1))
    .filter((r): r is PeerResult => r !== undefined);
  if (concurrent.length > 0) {
    const rawRss = concurrent.map((r) => r.clients.raw!.maxRssBytes);
    const cells = columns.map(({ client }) => {
      const rss = concurrent.map((r) => r.clients[client]?.maxRssBytes);
      if (rss.some((v) => v === undefined)) return '—';
      if (client === 'raw')
        return range(
          rss.map((v) => mb(v!)),
          0,
          ' MB',
        );
      return `${range(
        rss.map((v, i) => mb(v! - rawRss[i]!)),
        0,
        ' MB',
      ).replace(/^(?!-)/, '+')}`;
    });
    const v = verdict(
      concurrent.map((r) => r.clients.toolloop!.maxRssBytes - r.clients.raw!.maxRssBytes <= 15 * 2 ** 20),
    );
    verdicts.push(`peak RSS at concurrency ${concurrent[0]!.concurrency}: ≤ raw + 15 MB — ${v}`);
    lines.push(`| peak RSS, ${concurrent[0]!.name} | ${cells.join(' | ')} | ≤ raw + 15 MB: **${v}** |`);
  }

  const cold = input.coldStart;
  const coldCell = (stack: ColdStartStack) => `+${cold[stack].overBareMs.toFixed(0)} ms`;
  const coldLimit = cold['undici + zod'].overBareMs + 25;
  const coldVerdict: Verdict = cold.toolloop.overBareMs <= coldLimit ? 'met' : 'not met';
  verdicts.push(
    `cold import: ≤ undici + zod + 25 ms (${coldLimit.toFixed(0)} ms over bare) — ${coldVerdict}`,
  );
  lines.push(
    `| cold import over bare node (${cold['bare node'].importedMs.toFixed(0)} ms), median of ${cold['bare node'].samplesMs.length} | undici + zod ${coldCell('undici + zod')} | ${coldCell('toolloop')} | — | openai ${coldCell('openai-node')} | ″ | ai + @ai-sdk/openai + zod ${coldCell('AI SDK')} | ≤ undici + zod + 25 ms: **${coldVerdict}** |`,
  );
  const size = input.installedSize;
  if (size) {
    const sizeCell = (stack: SizeStack) =>
      `${mb(size[stack].bytes).toFixed(1)} MB, ${size[stack].packages} packages`;
    lines.push(
      `| installed size (fresh npm install, node_modules) | undici + zod ${sizeCell('undici + zod')} | ${sizeCell('toolloop')} (core + openai + tools + zod) | — | ${sizeCell('openai-node')} | ″ | ${sizeCell('AI SDK')} | — |`,
    );
  }
  lines.push('', ...verdicts.map((v) => `- ${v}`));
  return lines.join('\n');
}
