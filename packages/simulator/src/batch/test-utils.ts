import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Simulator } from '../types.js';

/** A JSON answer of the simulator. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  json: any;
}

/** Calls the simulator's API over HTTP with an optional JSON body. */
export async function api(sim: Simulator, method: string, path: string, body?: unknown): Promise<JsonAnswer> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text === '' ? undefined : JSON.parse(text),
  };
}

/** Uploads `content` (lines joined by newlines, or raw text) as a multipart file, like the SDKs do. */
export async function upload(
  sim: Simulator,
  content: unknown[] | string,
  options: { filename?: string; purpose?: string } = {},
): Promise<JsonAnswer> {
  const { filename = 'input.jsonl', purpose = 'batch' } = options;
  const text =
    typeof content === 'string' ? content : `${content.map((line) => JSON.stringify(line)).join('\n')}\n`;
  const form = new FormData();
  form.set('purpose', purpose);
  form.set('file', new Blob([text], { type: 'application/jsonl' }), filename);
  const response = await fetch(`${sim.url}/files`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test' },
    body: form,
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

/** A batch input line for `/v1/chat/completions`. */
export function chatLine(customId: string, content: string, extra: Record<string, unknown> = {}): unknown {
  return {
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra },
  };
}

/** Uploads lines and creates a batch over them; returns the created Batch object. */
export async function submit(
  sim: Simulator,
  lines: unknown[],
  metadata?: Record<string, string>,
): Promise<any> {
  const file = await upload(sim, lines);
  if (file.status !== 200) throw new Error(`upload failed: ${JSON.stringify(file.json)}`);
  const created = await api(sim, 'POST', '/batches', {
    input_file_id: file.json.id,
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
    ...(metadata ? { metadata } : {}),
  });
  if (created.status !== 200) throw new Error(`create failed: ${JSON.stringify(created.json)}`);
  return created.json;
}

/** The parsed lines of a file's content. */
export async function fileLines(sim: Simulator, fileId: string): Promise<any[]> {
  const response = await fetch(`${sim.url}/files/${fileId}/content`, {
    headers: { authorization: 'Bearer sk-test' },
  });
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

/**
 * OpenAPI's `nullable: true` → a null branch; for the objects named in `optionalNullable`, every
 * property outside `required` may be null too. OpenAI sends `null` for unset optional fields of a
 * Batch or File (its own example in the spec, and captures such as LiteLLM PR #37527 show it),
 * while the extract types them as plain strings and integers.
 */
function relax(node: unknown, optionalNullable: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => relax(item, false));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = relax(value, false);
  if (optionalNullable && out.properties) {
    const required = new Set((out.required as string[] | undefined) ?? []);
    const properties = out.properties as Record<string, unknown>;
    for (const [name, schema] of Object.entries(properties)) {
      if (!required.has(name)) properties[name] = { anyOf: [schema, { type: 'null' }] };
    }
  }
  if (out.nullable !== true) return out;
  delete out.nullable;
  return { anyOf: [out, { type: 'null' }] };
}

/** Validators for the wire objects, from OpenAI's OpenAPI extract (`__fixtures__`). */
export interface WireValidators {
  batch: ValidateFunction;
  file: ValidateFunction;
  completion: ValidateFunction;
  error: ValidateFunction;
  outputLine: ValidateFunction;
}

let validators: WireValidators | undefined;

// The output line format was dropped from the OpenAPI document; this follows
// wire-fixtures/openai-batch-lines.md (OpenAI's "batch / request-output" reference).
const OUTPUT_LINE = {
  type: 'object',
  required: ['id', 'custom_id', 'response', 'error'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    custom_id: { type: 'string' },
    response: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['status_code', 'request_id', 'body'],
          additionalProperties: false,
          properties: {
            status_code: { type: 'integer' },
            request_id: { type: 'string' },
            body: { type: 'object' },
          },
        },
      ],
    },
    error: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' } },
        },
      ],
    },
  },
};

export function wireValidators(): WireValidators {
  if (validators) return validators;
  const spec = JSON.parse(
    readFileSync(new URL('./__fixtures__/openai-chat-completions.schemas.json', import.meta.url), 'utf8'),
  ) as { components: { schemas: Record<string, unknown> } };
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(spec.components.schemas)) {
    schemas[name] = relax(schema, name === 'Batch' || name === 'OpenAIFile');
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'openai', components: { schemas } });
  const ref = (name: string) => ajv.compile({ $ref: `openai#/components/schemas/${name}` });
  validators = {
    batch: ref('Batch'),
    file: ref('OpenAIFile'),
    completion: ref('CreateChatCompletionResponse'),
    error: ref('ErrorResponse'),
    outputLine: ajv.compile(OUTPUT_LINE),
  };
  return validators;
}

/** Asserts a value against a validator, with ajv's errors in the message. */
export function assertValid(validate: ValidateFunction, value: unknown): void {
  if (!validate(value)) {
    throw new Error(
      `schema mismatch: ${JSON.stringify(validate.errors, null, 1)}\nvalue: ${JSON.stringify(value)}`,
    );
  }
}
