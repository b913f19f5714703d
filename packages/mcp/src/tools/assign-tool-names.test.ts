import { describe, expect, it } from 'vitest';
import { assignToolNames, toolNamePattern } from './assign-tool-names.js';

describe('assignToolNames', () => {
  it('prefixes each tool with its server', () => {
    expect(
      assignToolNames([
        { server: 'files', tool: 'read_file' },
        { server: 'github', tool: 'read_file' },
      ]),
    ).toEqual(['files__read_file', 'github__read_file']);
  });

  it('replaces characters a function name cannot hold', () => {
    expect(assignToolNames([{ server: 'ctx', tool: 'resolve-library.id v2' }])).toEqual([
      'ctx__resolve-library_id_v2',
    ]);
  });

  it('cuts a long name to 64 characters ending in a hash, deterministically', () => {
    const request = { server: 'atlassian', tool: `jira_${'very_long_operation_name_'.repeat(4)}` };
    const [name] = assignToolNames([request]);
    expect(name).toHaveLength(64);
    expect(name).toMatch(toolNamePattern);
    expect(name).toMatch(/^atlassian__jira_very_long_.*_[0-9a-f]{8}$/);
    expect(assignToolNames([request])).toEqual([name]);
    const [other] = assignToolNames([{ ...request, tool: `${request.tool}x` }]);
    expect(other).not.toBe(name);
  });

  it('gives every member of a collision the hashed form, whatever the order', () => {
    const dotted = { server: 'srv', tool: 'get.item' };
    const underscored = { server: 'srv', tool: 'get_item' };
    const forward = assignToolNames([dotted, underscored]);
    const backward = assignToolNames([underscored, dotted]);
    expect(new Set(forward).size).toBe(2);
    expect(forward).toEqual([backward[1], backward[0]]);
    for (const name of forward) expect(name).toMatch(/^srv__get_item_[0-9a-f]{8}$/);
  });

  it('tells apart a server name containing the separator', () => {
    const names = assignToolNames([
      { server: 'a__b', tool: 'c' },
      { server: 'a', tool: 'b__c' },
    ]);
    expect(new Set(names).size).toBe(2);
    for (const name of names) expect(name).toMatch(toolNamePattern);
  });
});
