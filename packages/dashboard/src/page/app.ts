/** The dashboard page: reads its state from the URL, renders every store value as text. */
import uPlot from 'uplot';

type Row = Record<string, unknown>;
type Child = Node | string | null | undefined;

const view = document.getElementById('view') as HTMLElement;
const form = document.getElementById('filters') as HTMLFormElement;
const live = document.getElementById('live') as HTMLElement;
const errorBox = document.getElementById('error') as HTMLElement;
const tabs = ['usage', 'cost', 'calls', 'tools'] as const;
const filterKeys = ['range', 'from', 'to', 'model'];
const palette = ['#2f6fde', '#e07b24', '#2c9a5a', '#b23a8a', '#7a5cd6', '#c7a020', '#1b9aaa', '#8a8f98'];

/** An element whose children are nodes or text: no HTML string from the store is ever parsed. */
function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

const params = () => new URLSearchParams(location.search);
const text = (value: unknown) => (value === null || value === undefined ? '—' : String(value));
const int = (value: unknown) =>
  value === null || value === undefined ? '—' : Number(value).toLocaleString('en-US');
const usd = (value: unknown) =>
  value === null || value === undefined ? 'unknown' : `$${Number(value).toFixed(6)}`;
const ms = (value: unknown) =>
  value === null || value === undefined ? '—' : `${Math.round(Number(value))} ms`;
const pct = (part: unknown, whole: unknown) =>
  Number(whole) > 0 ? `${((100 * Number(part)) / Number(whole)).toFixed(1)}%` : '—';

function navigate(changes: Record<string, string | undefined>, replace = false): void {
  const next = params();
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  const url = `?${next.toString()}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  void render();
}

async function api(path: string, extra: Record<string, string | undefined> = {}): Promise<Row> {
  const query = new URLSearchParams();
  const current = params();
  for (const key of filterKeys) {
    const value = current.get(key);
    if (value) query.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) if (value) query.set(key, value);
  const response = await fetch(`${path}?${query}`, { headers: { accept: 'application/json' } });
  const body = (await response.json()) as Row;
  if (!response.ok) throw new Error(String(body.error ?? response.statusText));
  return body;
}

function kpi(name: string, label: string, value: string): HTMLElement {
  return el('div', { class: 'kpi', 'data-kpi': name }, el('span', {}, label), el('strong', {}, value));
}

function table(
  headers: string[],
  rows: Child[][],
  options: { numeric?: number[]; foot?: Child[]; name?: string } = {},
) {
  const numeric = new Set(options.numeric ?? []);
  const cell = (tag: string, value: Child, index: number) =>
    el(tag, numeric.has(index) ? { class: 'num' } : {}, value);
  return el(
    'table',
    options.name ? { 'data-table': options.name } : {},
    el('thead', {}, el('tr', {}, ...headers.map((header, index) => cell('th', header, index)))),
    el(
      'tbody',
      {},
      ...rows.map((row) => el('tr', {}, ...row.map((value, index) => cell('td', value, index)))),
    ),
    options.foot
      ? el('tfoot', {}, el('tr', {}, ...options.foot.map((value, index) => cell('td', value, index))))
      : null,
  );
}

/** A time series chart: one line per model (or stacked areas), buckets on the x axis. */
function chart(title: string, rows: Row[], value: string, stacked = false): HTMLElement {
  const section = el('section', {}, el('h2', {}, title));
  const buckets = [...new Set(rows.map((row) => String(row.bucket)))].sort();
  const models = [...new Set(rows.map((row) => String(row.model)))].sort();
  if (buckets.length === 0) {
    section.append(el('p', {}, 'No calls in this range.'));
    return section;
  }
  const index = new Map(buckets.map((bucket, i) => [bucket, i]));
  const series = models.map(() => buckets.map(() => 0));
  for (const row of rows)
    series[models.indexOf(String(row.model))]![index.get(String(row.bucket))!] = Number(row[value]);
  if (stacked)
    for (let m = 1; m < series.length; m++) series[m] = series[m]!.map((v, i) => v + series[m - 1]![i]!);
  const pad = (bucket: string) =>
    bucket.length === 10 ? `${bucket}T00:00` : bucket.length === 13 ? `${bucket}:00` : bucket;
  const xs = buckets.map((bucket) => Date.parse(`${pad(bucket)}:00Z`) / 1000);
  const host = el('div', { class: 'chart' });
  section.append(host);
  const width = Math.max(320, (view.clientWidth || 900) - 40);
  const order = stacked ? [...models.keys()].reverse() : [...models.keys()];
  new uPlot(
    {
      width,
      height: 220,
      series: [
        {},
        ...order.map((m) => ({
          label: models[m],
          stroke: palette[m % palette.length],
          fill: stacked ? `${palette[m % palette.length]}55` : undefined,
        })),
      ],
      axes: [{}, { size: 70 }],
    },
    [xs, ...order.map((m) => series[m]!)] as uPlot.AlignedData,
    host,
  );
  return section;
}

async function usageTab(): Promise<Node[]> {
  const data = await api('/api/usage');
  const k = data.kpis as Row;
  return [
    el(
      'div',
      { class: 'kpis' },
      kpi('requests', 'Requests', int(k.requests)),
      kpi('inputTokens', 'Input tokens', int(k.inputTokens)),
      kpi('outputTokens', 'Output tokens', int(k.outputTokens)),
      kpi('cachedInputTokens', 'Cached input tokens', int(k.cachedInputTokens)),
      kpi('errorRate', 'Error rate', pct(k.errors, k.requests)),
      kpi('cacheHitRate', 'Cache hit rate', pct(k.cacheHits, k.requests)),
      kpi('latencyP50', 'Latency p50', ms(k.latencyP50)),
      kpi('latencyP95', 'Latency p95', ms(k.latencyP95)),
      kpi('ttftP50', 'First token p50', ms(k.ttftP50)),
      kpi('ttftP95', 'First token p95', ms(k.ttftP95)),
    ),
    chart('Requests per model', data.series as Row[], 'requests'),
    chart('Tokens per model (billed)', data.series as Row[], 'tokens'),
  ];
}

/** Known cost, or "unknown" when every call that used tokens lacked a price (never $0 for those). */
const knownCost = (row: Row) =>
  Number(row.costUSD) === 0 && Number(row.unpricedCalls) > 0 ? 'unknown' : usd(row.costUSD);

async function costTab(): Promise<Node[]> {
  const data = await api('/api/cost');
  const totals = data.totals as Row;
  const byModel = data.byModel as Row[];
  const byDay = data.byDay as Row[];
  const sum = (rows: Row[], key: string) => rows.reduce((total, row) => total + Number(row[key]), 0);
  const runLink = (runId: unknown) => {
    const link = el(
      'a',
      { href: `?${new URLSearchParams({ tab: 'calls', run: String(runId) })}` },
      text(runId),
    );
    link.addEventListener('click', (event) => {
      event.preventDefault();
      navigate({ tab: 'calls', run: String(runId), call: undefined });
    });
    return link;
  };
  return [
    el(
      'div',
      { class: 'kpis' },
      kpi('cost', 'Known cost', usd(totals.costUSD)),
      kpi('unpricedCalls', 'Calls with unknown cost', int(totals.unpricedCalls)),
    ),
    chart('Cost over time, stacked by model (USD)', data.series as Row[], 'costUSD', true),
    el(
      'section',
      {},
      el('h2', {}, 'Cost by model'),
      table(
        ['Model', 'Calls', 'Cost', 'Unknown cost'],
        byModel.map((row) => [text(row.model), int(row.calls), knownCost(row), int(row.unpricedCalls)]),
        {
          numeric: [1, 2, 3],
          name: 'cost-by-model',
          foot: [
            'Total',
            int(sum(byModel, 'calls')),
            usd(sum(byModel, 'costUSD')),
            int(sum(byModel, 'unpricedCalls')),
          ],
        },
      ),
    ),
    el(
      'section',
      {},
      el('h2', {}, 'Cost by day (UTC)'),
      table(
        ['Day', 'Calls', 'Cost', 'Unknown cost'],
        byDay.map((row) => [text(row.day), int(row.calls), knownCost(row), int(row.unpricedCalls)]),
        { numeric: [1, 2, 3], name: 'cost-by-day' },
      ),
    ),
    el(
      'section',
      {},
      el('h2', {}, 'Most expensive runs'),
      table(
        ['Run', 'Started', 'Calls', 'Cost'],
        (data.topRuns as Row[]).map((row) => [
          runLink(row.runId),
          text(row.startedAt),
          int(row.calls),
          usd(row.costUSD),
        ]),
        { numeric: [2, 3], name: 'top-runs' },
      ),
    ),
    ...((data.topBatches as Row[]).length
      ? [
          el(
            'section',
            {},
            el('h2', {}, 'Most expensive batches'),
            table(
              ['Batch', 'Calls', 'Cost'],
              (data.topBatches as Row[]).map((row) => [text(row.batchId), int(row.calls), usd(row.costUSD)]),
              { numeric: [1, 2] },
            ),
          ),
        ]
      : []),
  ];
}

const callFilterKeys = ['status', 'errorCode', 'runId', 'batchId', 'streaming', 'cacheHit', 'q', 'page'];

async function callsTab(): Promise<Node[]> {
  const current = params();
  if (current.get('call')) return callDetail(current.get('call')!);
  if (current.get('run')) return runDetail(current.get('run')!);
  const extra = Object.fromEntries(callFilterKeys.map((key) => [key, current.get(key) ?? undefined]));
  const data = await api('/api/calls', extra);
  const filters = el('form', { class: 'call-filters', 'data-filters': 'calls' }) as HTMLFormElement;
  const select = (name: string, options: [string, string][]) => {
    const node = el(
      'select',
      { name },
      ...options.map(([value, label]) => el('option', { value }, label)),
    ) as HTMLSelectElement;
    node.value = current.get(name) ?? '';
    return el('label', {}, `${name} `, node);
  };
  const input = (name: string, placeholder: string) => {
    const node = el('input', { name, placeholder }) as HTMLInputElement;
    node.value = current.get(name) ?? '';
    return el('label', {}, node);
  };
  const yesNo: [string, string][] = [
    ['', 'any'],
    ['true', 'yes'],
    ['false', 'no'],
  ];
  filters.append(
    select('status', [
      ['', 'any'],
      ['ok', 'ok'],
      ['error', 'error'],
      ['aborted', 'aborted'],
    ]),
    select('streaming', yesNo),
    select('cacheHit', yesNo),
    input('errorCode', 'error code'),
    input('runId', 'run id'),
    input('batchId', 'batch id'),
    input('q', 'search error messages'),
    el('button', { type: 'submit' }, 'Filter'),
  );
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(filters).entries()) as Record<string, string>;
    navigate({ ...values, page: undefined });
  });
  filters.addEventListener('change', (event) => {
    if ((event.target as HTMLElement).tagName === 'SELECT') filters.requestSubmit();
  });
  const total = Number(data.total);
  const page = Number(data.page);
  const pages = Math.max(1, Math.ceil(total / Number(data.pageSize)));
  const button = (label: string, to: number, disabled: boolean) => {
    const node = el('button', { type: 'button', 'data-page': String(to) }, label) as HTMLButtonElement;
    node.disabled = disabled;
    node.addEventListener('click', () => navigate({ page: String(to) }));
    return node;
  };
  const rows = (data.rows as Row[]).map((row) => {
    const link = el(
      'a',
      { href: `?${new URLSearchParams({ tab: 'calls', call: String(row.id) })}` },
      text(row.timestamp),
    );
    link.addEventListener('click', (event) => {
      event.preventDefault();
      navigate({ call: String(row.id) });
    });
    const tr = el(
      'tr',
      { class: row.status === 'ok' ? '' : 'error', 'data-id': String(row.id) },
      ...[
        link,
        text(row.model),
        text(row.status),
        ms(row.latencyMs),
        int(row.totalTokens),
        usd(row.costUSD),
        row.cacheHit ? 'hit' : '',
        row.streaming ? 'yes' : '',
        text(row.runId),
        row.batchId == null ? '' : `${text(row.batchId)} / ${text(row.customId)}`,
        text(row.errorMessage ?? ''),
      ].map((value, index) => el('td', [3, 4, 5].includes(index) ? { class: 'num' } : {}, value)),
    );
    return tr;
  });
  const log = table(
    [
      'Time (UTC)',
      'Model',
      'Status',
      'Latency',
      'Tokens',
      'Cost',
      'Cache',
      'Stream',
      'Run',
      'Batch / item',
      'Error',
    ],
    [],
    {
      numeric: [3, 4, 5],
      name: 'calls',
    },
  );
  log.querySelector('tbody')!.append(...rows);
  return [
    el('section', {}, filters),
    el(
      'section',
      {},
      el('h2', {}, el('span', { 'data-total': 'calls' }, int(total)), ' matching calls'),
      log,
      el(
        'div',
        { class: 'pager' },
        button('← Newer', page - 1, page <= 1),
        el('span', { 'data-pager': '' }, `Page ${page} of ${pages}`),
        button('Older →', page + 1, page >= pages),
      ),
    ),
  ];
}

function backLink(label: string, changes: Record<string, string | undefined>): HTMLElement {
  const link = el('a', { href: '#' }, label);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    navigate(changes);
  });
  return link;
}

async function callDetail(id: string): Promise<Node[]> {
  const row = await api(`/api/calls/${encodeURIComponent(id)}`);
  const fields: [string, string][] = [
    ['Time (UTC)', text(row.timestamp)],
    ['Run', text(row.run_id)],
    ['Batch / item', row.batch_id == null ? '—' : `${text(row.batch_id)} / ${text(row.custom_id)}`],
    ['Step', text(row.step)],
    ['Model', `${text(row.model)} (answered by ${text(row.response_model)})`],
    ['Status', text(row.status)],
    ['Latency', ms(row.latency_ms)],
    ['First token', ms(row.time_to_first_token_ms)],
    [
      'Tokens in / cached / out',
      `${int(row.input_tokens)} / ${int(row.cached_input_tokens)} / ${int(row.output_tokens)}`,
    ],
    ['Cost', usd(row.cost_usd)],
    ['Cache hit', row.cache_hit ? 'yes' : 'no'],
    ['Retries', text(row.retries)],
    ['Finish reason', text(row.finish_reason)],
    ['HTTP status', text(row.http_status)],
    ['Error', row.error_code ? `${text(row.error_code)}: ${text(row.error_message)}` : '—'],
  ];
  const pretty = (value: unknown) => {
    try {
      return JSON.stringify(JSON.parse(String(value)), null, 2);
    } catch {
      return String(value);
    }
  };
  return [
    el(
      'section',
      { 'data-detail': 'call' },
      el(
        'p',
        {},
        backLink('← Request log', { call: undefined }),
        ' · ',
        backLink('Whole run', { call: undefined, run: String(row.run_id) }),
      ),
      el('dl', {}, ...fields.flatMap(([label, value]) => [el('dt', {}, label), el('dd', {}, value)])),
      el('h2', {}, 'Prompt'),
      el(
        'pre',
        { 'data-field': 'prompt' },
        row.messages_json ? pretty(row.messages_json) : 'Not stored (logPrompts is off).',
      ),
      el('h2', {}, 'Answer'),
      el('pre', { 'data-field': 'answer' }, row.output_json ? pretty(row.output_json) : 'Not stored.'),
    ),
  ];
}

async function runDetail(runId: string): Promise<Node[]> {
  const data = await api(`/api/runs/${encodeURIComponent(runId)}`);
  return [
    el(
      'section',
      { 'data-detail': 'run' },
      el('p', {}, backLink('← Request log', { run: undefined })),
      el('h2', {}, 'Run ', el('code', {}, text(data.runId))),
      table(
        ['Time (UTC)', 'Kind', 'Step', 'Model / tool', 'Status', 'Duration', 'Cost', 'Error'],
        (data.calls as Row[]).map((row) => [
          text(row.timestamp),
          text(row.kind),
          text(row.step),
          text(row.name),
          text(row.status),
          ms(row.durationMs),
          row.kind === 'model' ? usd(row.costUSD) : '',
          text(row.errorMessage ?? ''),
        ]),
        { numeric: [2, 5, 6], name: 'run' },
      ),
    ),
  ];
}

async function toolsTab(): Promise<Node[]> {
  const data = await api('/api/tools');
  const rows = data.tools as Row[];
  return [
    el(
      'section',
      {},
      el('h2', {}, 'Tools'),
      table(
        ['Tool', 'Calls', 'Errors', 'Error rate', 'p95 duration'],
        rows.map((row) => [
          text(row.toolName),
          int(row.calls),
          int(row.errors),
          pct(row.errors, row.calls),
          ms(row.durationP95),
        ]),
        {
          numeric: [1, 2, 3, 4],
          name: 'tools',
          foot: [
            'Total',
            int(rows.reduce((total, row) => total + Number(row.calls), 0)),
            int(rows.reduce((total, row) => total + Number(row.errors), 0)),
            '',
            '',
          ],
        },
      ),
    ),
  ];
}

const renderers = { usage: usageTab, cost: costTab, calls: callsTab, tools: toolsTab };
let rendering = 0;

async function render(): Promise<void> {
  const current = params();
  const tab = (tabs as readonly string[]).includes(current.get('tab') ?? '')
    ? (current.get('tab') as (typeof tabs)[number])
    : 'usage';
  for (const link of document.querySelectorAll<HTMLAnchorElement>('#tabs a'))
    if (link.dataset.tab === tab) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  for (const key of filterKeys) {
    const field = form.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement | null;
    if (field)
      field.value =
        key === 'range'
          ? (current.get(key) ?? (current.get('from') ? 'custom' : '24h'))
          : (current.get(key) ?? '').slice(0, 16);
  }
  form.classList.toggle(
    'custom-range',
    (form.elements.namedItem('range') as HTMLSelectElement).value === 'custom',
  );
  const ticket = ++rendering;
  try {
    const nodes = await renderers[tab]();
    if (ticket !== rendering) return;
    view.replaceChildren(...nodes);
    view.dataset.tab = tab;
    view.dataset.ready = String(ticket);
    errorBox.hidden = true;
  } catch (error) {
    if (ticket !== rendering) return;
    errorBox.textContent = error instanceof Error ? error.message : String(error);
    errorBox.hidden = false;
  }
}

async function loadModels(): Promise<number> {
  const meta = await api('/api/meta');
  const select = form.elements.namedItem('model') as HTMLSelectElement;
  const chosen = params().get('model') ?? '';
  select.replaceChildren(
    el('option', { value: '' }, 'All models'),
    ...(meta.models as string[]).map((model) => el('option', { value: model }, model)),
  );
  select.value = chosen;
  return Number(meta.latestId);
}

form.addEventListener('change', (event) => {
  const target = event.target as HTMLInputElement;
  if (target.name === 'range') {
    if (target.value === 'custom') {
      const to = new Date();
      const from = new Date(to.getTime() - 86_400_000);
      const local = (date: Date) =>
        new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      navigate({ range: 'custom', from: local(from), to: local(to) });
    } else navigate({ range: target.value, from: undefined, to: undefined });
  } else if (target.name === 'from' || target.name === 'to') {
    navigate({ [target.name]: target.value ? new Date(target.value).toISOString() : undefined });
  } else navigate({ [target.name]: target.value || undefined, page: undefined });
});
document.getElementById('tabs')!.addEventListener('click', (event) => {
  const link = (event.target as HTMLElement).closest('a');
  if (!link) return;
  event.preventDefault();
  navigate({ tab: link.dataset.tab, call: undefined, run: undefined, page: undefined });
});
window.addEventListener('popstate', () => void render());

/** Live: every second, ask for the newest id; when it moved, load the models again and redraw. */
let latest = await loadModels().catch(() => 0);
await render();
setInterval(async () => {
  try {
    const meta = await api('/api/meta');
    const id = Number(meta.latestId);
    live.textContent = `Live · updated ${new Date().toLocaleTimeString()}`;
    if (id !== latest) {
      latest = await loadModels();
      await render();
    }
  } catch {
    live.textContent = 'Live · server not reachable';
  }
}, 1000);
