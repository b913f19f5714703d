import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const spy = new URL('./register.mjs', import.meta.url).href;
const repoRoot = fileURLToPath(new URL('../../../../../..', import.meta.url));

/**
 * Runs `script` (an ES module body) in a fresh node with tsx, the `@toolloop/source` condition and
 * the resolve spy (`globalThis.resolvedModules` lists every URL resolved so far); the script's last
 * line of output is JSON, returned parsed.
 */
export function runWithResolveSpy(script: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--conditions=@toolloop/source', '--import', 'tsx', '--import', spy, '--input-type=module', '-e', script],
      { cwd: repoRoot, timeout: 60_000 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${error.message}\n${stderr}`))
          : resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}')),
    );
  });
}
