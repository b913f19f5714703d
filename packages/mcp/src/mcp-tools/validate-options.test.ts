import { describe, expect, it } from 'vitest';
import { validateOptions } from './validate-options.js';

describe('validateOptions', () => {
  it('fills defaults', () => {
    expect(validateOptions({ servers: { files: { command: 'npx' } } })).toEqual({
      servers: [['files', { command: 'npx' }]],
      timeoutMs: 60_000,
      connectTimeoutMs: 30_000,
      strict: 'auto',
    });
  });

  it.each([
    [{ servers: {} }, /at least one server/],
    [{ servers: { 'bad name': { command: 'x' } } }, /server name "bad name"/],
    [{ servers: { a: { command: 'x', url: 'http://h/mcp' } } }, /not both/],
    [{ servers: { a: {} } }, /not neither/],
    [{ servers: { a: { url: 'ftp://h/mcp' } } }, /http: or https:/],
    [{ servers: { a: { url: 'not a url' } } }, /not a valid URL/],
    [{ servers: { a: { command: 'x', args: [1] } } }, /list of strings/],
    [{ servers: { a: { command: 'x' } }, timeoutMs: 0 }, /timeoutMs.*> 0/],
    [{ servers: { a: { command: 'x' } }, strict: true }, /"auto" or false/],
  ])('rejects %j with a message naming the fix', (options, message) => {
    expect(() => validateOptions(options as never)).toThrow(message);
  });
});
