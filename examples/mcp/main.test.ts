import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/mcp', () => {
  it('lists tools from a stdio and an HTTP MCP server and answers through a real MCP call', async () => {
    const { code, stdout } = await runExample('mcp');
    expect(code).toBe(0);
    expect(stdout).toContain('tool web__get_weather (strict)');
    expect(stdout).toContain('tool local__get_weather (strict)');
    expect(stdout).toMatch(/tool local__tag_notes \(not strict: .*tags/);
    expect(stdout).toMatch(
      /→ \w+__get_weather\(\{"city":"Seoul".*← \{"city":"Seoul","temperature":21,"unit":"celsius"\}/,
    );
    expect(stdout).toMatch(/answer: .*Seoul/);
  });
});
