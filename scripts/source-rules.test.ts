import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageSources, repoRoot } from './support/package-sources.js';

// Rules every shipped source of every package keeps (issue 10 §1, §2, §4). Each finds the lines
// that break it, so a failure names the file and line to fix.
const sources = packageSources().map((file) => ({
  file: relative(repoRoot, file),
  text: readFileSync(file, 'utf8'),
}));

/**
 * The code on a line: '' for a comment line (doc comments show usage, `@example throw new Error(…)`),
 * string literals blanked (a message may quote `process.env.GATEWAY_KEY` as advice).
 */
function codeOf(line: string): string {
  if (/^\s*(\*|\/\/|\/\*)/.test(line)) return '';
  return line.replace(/'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"/g, "''");
}

function offending(pattern: RegExp, allowed: (file: string) => boolean = () => false): string[] {
  return sources.flatMap(({ file, text }) =>
    allowed(file)
      ? []
      : text
          .split('\n')
          .flatMap((line, index) =>
            pattern.test(codeOf(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : [],
          ),
  );
}

describe('shipped sources', () => {
  it('are found (the scan reads every package)', () => {
    const packages = new Set(sources.map(({ file }) => file.split('/')[1]));
    expect([...packages]).toEqual(
      expect.arrayContaining(['core', 'openai', 'cache', 'retry', 'logging', 'images']),
    );
  });

  it('throw toolloop errors, never a bare Error a caller cannot branch on', () => {
    // The dashboard's page runs in the browser, where no caller branches on our error classes.
    const browserCode = (file: string) => file.startsWith('packages/dashboard/src/page/');
    expect(offending(/\bnew Error\(|\bthrow Error\(/, browserCode)).toEqual([]);
  });

  it('attach abort listeners only through the signal toolkit in core', () => {
    expect(
      offending(/addEventListener\(\s*['"]abort['"]/, (file) => file.startsWith('packages/core/src/signal/')),
    ).toEqual([]);
  });

  it('load optional dependencies only through loadOptional', () => {
    // A literal import() would make a user's bundler fail when the peer is not installed.
    const optional = /(?<!typeof )import\(\s*'(redis|@libsql\/client|@opentelemetry\/api)'\s*\)/;
    const direct = sources.flatMap(({ file, text }) =>
      text
        .split('\n')
        .flatMap((line, index) =>
          optional.test(line) && codeOf(line) !== '' ? [`${file}:${index + 1}`] : [],
        ),
    );
    expect(direct).toEqual([]);
  });

  it('never read the environment in middleware (logging, cache, retry)', () => {
    const middlewarePackages = /^packages\/(logging|cache|retry)\/src\//;
    expect(offending(/process\.env\b/).filter((line) => middlewarePackages.test(line))).toEqual([]);
  });
});
