import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedUsageStore } from '@toolloop/dashboard/test';
import { describe, expect, it } from 'vitest';

const bin = join(dirname(fileURLToPath(import.meta.url)), 'bin.ts');

function cli(
  args: string[],
  options: { killOn?: RegExp } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('OPENAI_')) env[key] = value;
  const child = spawn(process.execPath, ['--conditions=@toolloop/source', '--import', 'tsx', bin, ...args], {
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (options.killOn?.test(stdout)) child.kill('SIGINT');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('toolloop CLI', () => {
  it('answers `toolloop ask` offline in a Korean sentence, streaming, with the weather source said', async () => {
    const { code, stdout } = await cli(['ask', '부산', '날씨', '알려줘']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/running offline against the built-in simulator/);
    expect(stdout).toMatch(/Weather: offline sample data/);
    expect(stdout).toMatch(/→ get_weather\(\{"city":"부산"\}\)/);
    expect(stdout).toMatch(/^부산의 현재 기온은 \d+°C이고, 날씨는 .+입니다\./m);
  });

  it('prints one JSON object with --json', async () => {
    const { code, stdout } = await cli(['ask', '--json', '서울 날씨 어때?']);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as {
      answer: string;
      toolCalls: Array<{ toolName: string }>;
      offline: boolean;
    };
    expect(answer.offline).toBe(true);
    expect(answer.toolCalls[0]?.toolName).toBe('get_weather');
    expect(answer.answer).toMatch(/^서울의 현재 기온은/);
  });

  it('prints help and exits 0 without arguments, and its package version with --version', async () => {
    const help = await cli([]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: toolloop .*\n[\s\S]*ask[\s\S]*simulate/);
    const { version } = JSON.parse(readFileSync(join(dirname(bin), '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect((await cli(['--version'])).stdout.trim()).toBe(version);
  });

  it('serves the dashboard over a store and says where (--once exits when ready)', async () => {
    // The page is bundled at build time; a fresh checkout's tests build it here.
    await import('../../dashboard/scripts/build-page.js');
    const dir = await mkdtemp(join(tmpdir(), 'toolloop-cli-dashboard-'));
    const db = join(dir, 'usage.db');
    await seedUsageStore({ path: db, calls: 50 });
    const { code, stdout } = await cli(['dashboard', '--db', db, '--port', '0', '--once']);
    await rm(dir, { recursive: true, force: true });
    expect(stdout).toMatch(/toolloop dashboard on http:\/\/127\.0\.0\.1:\d+\//);
    expect(code).toBe(0);
  });

  it('explains a missing dashboard store', async () => {
    const { code, stderr } = await cli(['dashboard', '--db', 'no/such/usage.db', '--port', '0']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/No usage store at .*usage\.db\. Pass --db/);
  });

  it('runs the weather agent with `toolloop run weather-agent`', async () => {
    const { code, stdout } = await cli(['run', 'weather-agent', '도쿄 날씨 어때?']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/get_weather\(\{"city":"도쿄"/);
    expect(stdout).toMatch(/답변: /);
  });

  it('names the available examples when one is unknown', async () => {
    const { code, stderr } = await cli(['run', 'nope']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no example named "nope". Available: .*weather-agent/);
  });

  it('starts the simulator and stops on SIGINT', async () => {
    const { code, stdout } = await cli(['simulate', '--port', '0'], {
      killOn: /listening on http:\/\/127\.0\.0\.1:\d+\/v1/,
    });
    expect(stdout).toMatch(/toolloop simulator listening on http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(code).toBe(0);
  });

  it('rejects a bad port with a clear message', async () => {
    const { code, stderr } = await cli(['simulate', '--port', 'abc']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--port must be a whole number from 0 to 65535/);
  });
});
