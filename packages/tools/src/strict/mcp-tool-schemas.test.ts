import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkStrictJsonSchema } from './check-strict-json-schema.js';
import type { JsonSchema } from './json-schema.js';
import { compileSchema, sampleStrictValue } from './test-utils.js';
import { toLooseJsonSchema } from './to-loose-json-schema.js';
import { toStrictJsonSchema } from './to-strict-json-schema.js';

interface CorpusEntry {
  id: string;
  source: string;
  inputSchema: JsonSchema;
}

const corpus = JSON.parse(
  readFileSync(new URL('./__fixtures__/mcp-tool-schemas.json', import.meta.url), 'utf8'),
) as CorpusEntry[];

/** Each schema's verdict: strict, or the words the reason must contain (it names the spot). */
const expected: Record<string, true | string[]> = {
  'filesystem/read_text_file': true,
  'filesystem/read_multiple_files': true,
  'filesystem/edit_file': true,
  'filesystem/list_directory_with_sizes': true,
  'filesystem/search_files': true,
  'filesystem/list_allowed_directories': true,
  'fetch/fetch': ['/properties/url', '`minLength`', '`maxLength`', 'format "uri"'],
  'puppeteer/puppeteer_navigate': ['/properties/launchOptions', 'free-form object'],
  'puppeteer/puppeteer_screenshot': true,
  'puppeteer/puppeteer_evaluate': true,
  'everything/echo': true,
  'everything/longRunningOperation': true,
  'everything/printEnv': true,
  'everything/annotatedMessage': true,
  'everything/getResourceReference': true,
  'everything/get-structured-content': ['/properties/location', '`minLength`'],
  'everything/zip': ['/properties/files', 'free-form map'],
  'github/create_issue': true,
  'github/push_files': true,
  'github/create_pull_request_review': true,
  'github/list_issues': true,
  'github/search_code': true,
  'langchainjs#9496/get_location': true,
  'langchainjs#9804/createEvent': true,
  'flowise#5109/untyped-property': ['/properties/filter', 'accepts any value'],
  'camel#2574/ACI_EXECUTE_FUNCTION': ['/properties/function_arguments', 'additionalProperties: true'],
  'elasticsearch/search': ['/properties/queryBody', 'free-form map'],
  'crawl4ai#2207/ask': ['(root)', 'free-form object'],
  'fastmcp/create_event': true,
  'fastmcp/save_tree': true,
  'pydantic-v1/run_job': true,
  'zod-to-json-schema/root-refs': true,
  'zod4/ship_order': true,
  'openai-agents-python#4353/ref-with-constraining-siblings': true,
  'openapi/draw_shape': true,
  'openapi/lookup_user': ['/properties/id', 'oneOf branches 0 and 1 may both match'],
  'openapi/update_note': true,
  'zod4/plot_point': ['/properties/point', '`prefixItems`'],
  'conditional/transfer': ['`if`', '`then`', '/properties/tags', '`uniqueItems`'],
  'either-of/read_source': true,
};

describe('the corpus of real MCP tool schemas', () => {
  it('has a verdict for every schema', () => {
    expect(corpus.map((entry) => entry.id).sort()).toEqual(Object.keys(expected).sort());
  });

  describe.each(corpus)('$id', ({ id, inputSchema }) => {
    const verdict = expected[id]!;
    const original = structuredClone(inputSchema);
    const result = toStrictJsonSchema(inputSchema);

    it('leaves the input schema untouched', () => {
      expect(inputSchema).toEqual(original);
    });

    if (verdict === true) {
      it('converts to a schema that keeps every strict rule', () => {
        expect(result.strict, result.strict ? '' : result.reason).toBe(true);
        expect(checkStrictJsonSchema(result.schema)).toEqual([]);
      });

      it.each(['nulls', 'values'] as const)(
        'maps a model answer (%s) back to arguments the original schema accepts',
        (mode) => {
          const answer = sampleStrictValue(result.schema, result.schema, mode);
          const strictValidator = compileSchema(result.schema);
          expect(strictValidator(answer), JSON.stringify(strictValidator.errors)).toBe(true);
          const restored = result.restore(answer);
          const originalValidator = compileSchema(inputSchema);
          expect(originalValidator(restored), JSON.stringify(originalValidator.errors)).toBe(true);
        },
      );
    } else {
      it('is sent as it is, not strict, with a reason naming each spot', () => {
        expect(result.strict).toBe(false);
        if (result.strict) return;
        for (const words of verdict) expect(result.reason).toContain(words);
        expect(result.schema).toEqual(toLooseJsonSchema(inputSchema).schema);
      });
    }
  });
});
