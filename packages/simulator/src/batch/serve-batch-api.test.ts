import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../server/start-simulator.js';
import type { Simulator } from '../types.js';
import { api, assertValid, chatLine, submit, upload, wireValidators } from './test-utils.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ apiKey: 'sk-test', batches: { clock: 'manual' } });
});
beforeEach(() => {
  sim.reset();
  sim.batches.configure({ maxLines: 50_000, maxBytes: 200 * 1024 * 1024, unsupported: false });
});
afterAll(() => sim.close());

const { file: fileSchema, batch: batchSchema, error: errorSchema } = wireValidators();

describe('POST /v1/files', () => {
  it('stores a batch input file and answers a File object shaped like OpenAI', async () => {
    const { status, json } = await upload(sim, [chatLine('req-1', '1+1은?')], { filename: 'requests.jsonl' });
    expect(status).toBe(200);
    assertValid(fileSchema, json);
    expect(json).toMatchObject({
      id: expect.stringMatching(/^file-/),
      object: 'file',
      purpose: 'batch',
      filename: 'requests.jsonl',
      status: 'processed',
      status_details: null,
    });
    // OpenAI keeps batch files for 30 days.
    expect(json.expires_at - json.created_at).toBe(30 * 24 * 3600);

    const again = await api(sim, 'GET', `/files/${json.id}`);
    expect(again.json).toEqual(json);
    const content = await fetch(`${sim.url}/files/${json.id}/content`, {
      headers: { authorization: 'Bearer sk-test' },
    });
    expect(content.headers.get('content-type')).toBe('application/octet-stream');
    expect(JSON.parse((await content.text()).trim())).toEqual(chatLine('req-1', '1+1은?'));
    expect(Number(content.headers.get('content-length'))).toBe(json.bytes);
  });

  it('deletes a file, after which it is not found', async () => {
    const { json: file } = await upload(sim, [chatLine('req-1', 'hi')]);
    const deleted = await api(sim, 'DELETE', `/files/${file.id}`);
    expect(deleted.json).toEqual({ id: file.id, object: 'file', deleted: true });
    const gone = await api(sim, 'GET', `/files/${file.id}`);
    expect(gone.status).toBe(404);
    assertValid(errorSchema, gone.json);
    expect(gone.json.error.message).toContain(file.id);
    expect((await api(sim, 'GET', `/files/${file.id}/content`)).status).toBe(404);
  });

  it('records an upload without its bytes', async () => {
    await upload(sim, [chatLine('req-1', 'hi')]);
    expect(sim.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/files',
      rawBody: '',
      body: undefined,
    });
  });

  it.each([
    ['a file name other than .jsonl', 'x.json', [chatLine('a', 'hi')], /Must be \.jsonl/],
    [
      'a line that is not a JSON object',
      'x.jsonl',
      `${JSON.stringify(chatLine('a', 'hi'))}\n[1,2]\n`,
      /Line 2 is not a dictionary/,
    ],
    [
      'a line that is not JSON',
      'x.jsonl',
      `${JSON.stringify(chatLine('a', 'hi'))}\n\n{oops\n`,
      /Line 3 is not a dictionary/,
    ],
  ])('refuses %s with a 400 naming the problem', async (_name, filename, content, message) => {
    const { status, json } = await upload(sim, content as unknown[] | string, { filename });
    expect(status).toBe(400);
    assertValid(errorSchema, json);
    expect(json.error.message).toMatch(message);
    expect(json.error.type).toBe('invalid_request_error');
  });

  it('enforces the line limit', async () => {
    sim.batches.configure({ maxLines: 2 });
    const { status, json } = await upload(sim, [chatLine('a', '1'), chatLine('b', '2'), chatLine('c', '3')]);
    expect(status).toBe(400);
    expect(json.error.message).toBe(
      'The batch input file has 3 requests; a batch may have at most 2. Split it into several batches.',
    );
    expect((await upload(sim, [chatLine('a', '1'), chatLine('b', '2')])).status).toBe(200);
  });

  it('enforces the byte limit, both just over it and far over it (bytes dropped as they arrive)', async () => {
    sim.batches.configure({ maxBytes: 1000 });
    const line = (n: number) => chatLine(`req-${n}`, 'x'.repeat(100));
    const justOver = Array.from({ length: 8 }, (_, i) => line(i));
    const near = await upload(sim, justOver);
    expect(near.status).toBe(400);
    expect(near.json.error.message).toMatch(/^File is too large\. .* at most 1000 bytes; this one has \d+\./);
    const far = await upload(
      sim,
      Array.from({ length: 1000 }, (_, i) => line(i)),
    );
    expect(far.status).toBe(400);
    expect(far.json.error.message).toMatch(/^File is too large\./);
    expect((await upload(sim, justOver.slice(0, 2))).status).toBe(200);
  });

  it('answers 400 for a missing or unknown purpose, a missing file and a body that is not multipart', async () => {
    const form = new FormData();
    form.set('file', new Blob(['{}\n']), 'x.jsonl');
    const noPurpose = await fetch(`${sim.url}/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test' },
      body: form,
    });
    expect(noPurpose.status).toBe(400);
    expect(((await noPurpose.json()) as any).error.param).toBe('purpose');

    const badPurpose = await upload(sim, [chatLine('a', 'hi')], { purpose: 'batches' });
    expect(badPurpose.status).toBe(400);
    expect(badPurpose.json.error.message).toMatch(/'batches' is not one of \['assistants', 'batch'/);

    const onlyPurpose = new FormData();
    onlyPurpose.set('purpose', 'batch');
    const noFile = await fetch(`${sim.url}/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test' },
      body: onlyPurpose,
    });
    expect(((await noFile.json()) as any).error.param).toBe('file');

    const json = await api(sim, 'POST', '/files', { purpose: 'batch' });
    expect(json.status).toBe(400);
    expect(json.json.error.message).toMatch(/expected multipart\/form-data/);
  });
});

describe('POST /v1/batches', () => {
  it('creates a validating batch shaped like OpenAI, echoing metadata', async () => {
    const batch = await submit(sim, [chatLine('req-1', 'hi')], { job: 'nightly' });
    assertValid(batchSchema, batch);
    expect(batch).toMatchObject({
      id: expect.stringMatching(/^batch_/),
      object: 'batch',
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      errors: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: { job: 'nightly' },
    });
    expect(batch.expires_at - batch.created_at).toBe(24 * 3600);
  });

  it.each([
    ['no input_file_id', { endpoint: '/v1/chat/completions', completion_window: '24h' }, 'input_file_id'],
    ['no endpoint', { input_file_id: 'FILE', completion_window: '24h' }, 'endpoint'],
    [
      'another endpoint',
      { input_file_id: 'FILE', endpoint: '/v1/embeddings', completion_window: '24h' },
      'endpoint',
    ],
    [
      'a window other than 24h',
      { input_file_id: 'FILE', endpoint: '/v1/chat/completions', completion_window: '1h' },
      'completion_window',
    ],
    [
      'an unknown file',
      { input_file_id: 'file-nope', endpoint: '/v1/chat/completions', completion_window: '24h' },
      'input_file_id',
    ],
    [
      'metadata that is not strings',
      {
        input_file_id: 'FILE',
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
        metadata: { n: 1 },
      },
      'metadata',
    ],
  ])('refuses %s with a 400 naming the parameter', async (_name, body, param) => {
    const { json: file } = await upload(sim, [chatLine('a', 'hi')]);
    const request = JSON.parse(JSON.stringify(body).replace('"FILE"', JSON.stringify(file.id)));
    const { status, json } = await api(sim, 'POST', '/batches', request);
    expect(status).toBe(400);
    assertValid(errorSchema, json);
    expect(json.error.param).toBe(param);
  });

  it('refuses a file uploaded with another purpose', async () => {
    const { json: file } = await upload(sim, 'notes', { filename: 'notes.txt', purpose: 'user_data' });
    const { status, json } = await api(sim, 'POST', '/batches', {
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    expect(status).toBe(400);
    expect(json.error.message).toMatch(/purpose 'batch'/);
  });
});

describe('GET /v1/batches (pagination)', () => {
  it('lists newest first in pages joined by after/last_id, with has_more', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await submit(sim, [chatLine(`r${i}`, 'hi')])).id);
    const seen: string[] = [];
    let after: string | undefined;
    const pages: boolean[] = [];
    for (;;) {
      const { json } = await api(sim, 'GET', `/batches?limit=2${after ? `&after=${after}` : ''}`);
      expect(json.object).toBe('list');
      for (const batch of json.data) assertValid(batchSchema, batch);
      expect(json.first_id).toBe(json.data[0].id);
      expect(json.last_id).toBe(json.data.at(-1).id);
      seen.push(...json.data.map((batch: { id: string }) => batch.id));
      pages.push(json.has_more);
      if (!json.has_more) break;
      after = json.last_id;
    }
    expect(seen).toEqual([...created].reverse());
    expect(pages).toEqual([true, true, false]);
  });

  it('defaults to 20 per page, refuses a bad limit and gives an empty page after an unknown cursor', async () => {
    await submit(sim, [chatLine('a', 'hi')]);
    expect((await api(sim, 'GET', '/batches')).json.data).toHaveLength(1);
    expect((await api(sim, 'GET', '/batches?limit=0')).status).toBe(400);
    expect((await api(sim, 'GET', '/batches?limit=101')).json.error.param).toBe('limit');
    const unknown = await api(sim, 'GET', '/batches?after=batch_nope');
    expect(unknown.json).toEqual({
      object: 'list',
      data: [],
      first_id: null,
      last_id: null,
      has_more: false,
    });
  });
});

describe('errors and knobs of the API', () => {
  it('answers 404 for an unknown batch, naming it', async () => {
    const { status, json } = await api(sim, 'GET', '/batches/batch_nope');
    expect(status).toBe(404);
    expect(json.error.message).toContain('batch_nope');
    expect((await api(sim, 'POST', '/batches/batch_nope/cancel')).status).toBe(404);
  });

  it('answers 404 on every Files and Batches route when configured unsupported, like a local server', async () => {
    sim.batches.configure({ unsupported: true });
    expect((await upload(sim, [chatLine('a', 'hi')])).status).toBe(404);
    const list = await api(sim, 'GET', '/batches');
    expect(list.status).toBe(404);
    expect(list.json.error.message).toBe('Invalid URL (GET /v1/batches)');
    expect((await api(sim, 'POST', '/batches', {})).status).toBe(404);
  });

  it('serves injected statuses to the next requests, in order', async () => {
    sim.batches.apiFault({ status: 500 }, { status: 429, headers: { 'retry-after-ms': '10' } });
    const first = await api(sim, 'GET', '/batches');
    expect(first.status).toBe(500);
    expect(first.json.error.type).toBe('server_error');
    const second = await api(sim, 'GET', '/batches');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after-ms')).toBe('10');
    expect((await api(sim, 'GET', '/batches')).status).toBe(200);
  });

  it('requires the API key like chat completions does', async () => {
    const response = await fetch(`${sim.url}/batches`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).error.message).toMatch(/didn't provide an API key/);
  });

  it('answers the routes without the /v1 prefix too, and 404 for unknown ones', async () => {
    const origin = sim.url.replace(/\/v1$/, '');
    const response = await fetch(`${origin}/batches`, { headers: { authorization: 'Bearer sk-test' } });
    expect(response.status).toBe(200);
    expect((await api(sim, 'PUT', '/batches')).status).toBe(404);
  });
});
