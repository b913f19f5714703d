/** Stands for the request's sequence number in a rendered template (a private-use character). */
export const SEQUENCE_MARK = '\uE000';
/** Stands for `created` in a rendered template: a number no real clock yields for millennia. */
export const CREATED_MARK = 9_876_543_210_123;

const SLOTS = new RegExp(`${SEQUENCE_MARK}|${CREATED_MARK}`, 'g');

/**
 * A response body with the per-response values cut out: `literals[i]` is followed by
 * `slots[i]` (true: the sequence number, false: `created`), then the last literal.
 */
export interface ReplyTemplate {
  stream: boolean;
  literals: string[];
  slots: boolean[];
}

/** Splits a body rendered with the marks into a template. */
export function toTemplate(rendered: string, stream: boolean): ReplyTemplate {
  const literals: string[] = [];
  const slots: boolean[] = [];
  let start = 0;
  for (const match of rendered.matchAll(SLOTS)) {
    literals.push(rendered.slice(start, match.index));
    slots.push(match[0] === SEQUENCE_MARK);
    start = match.index + match[0].length;
  }
  literals.push(rendered.slice(start));
  return { stream, literals, slots };
}

/** The body of one response: the template with its sequence number and `created` spliced in. */
export function fillTemplate(template: ReplyTemplate, sequence: string, created: string): string {
  const { literals, slots } = template;
  let text = literals[0] ?? '';
  for (let i = 0; i < slots.length; i++) text += (slots[i] ? sequence : created) + (literals[i + 1] ?? '');
  return text;
}

/**
 * The policy's answers by raw request body, bounded LRU. A template is built only when a body comes
 * a second time: bodies seen once (e.g. those echoing a previous response's unique tool-call ids)
 * cost one map lookup, never a second render, and sit in their own bounded set so they cannot
 * push templates out.
 */
export class ReplyCache {
  /** Templates, or `null` for a body whose answer cannot be templated (the marks occur in its text). */
  readonly #templates = new Map<string, ReplyTemplate | null>();
  readonly #seen = new Set<string>();

  constructor(
    readonly maxEntries = 512,
    readonly maxBodyChars = 64 * 1024,
  ) {}

  /** The template for this body, if the body has been answered and templated before. */
  get(rawBody: string): ReplyTemplate | undefined {
    const template = this.#templates.get(rawBody);
    if (!template) return undefined;
    // A Map keeps insertion order: re-inserting moves the entry to the most recent end.
    this.#templates.delete(rawBody);
    this.#templates.set(rawBody, template);
    return template;
  }

  /** Whether a template should be built for this body now: it was seen before and not yet tried. */
  admit(rawBody: string): boolean {
    if (rawBody.length > this.maxBodyChars || this.#templates.has(rawBody)) return false;
    if (this.#seen.delete(rawBody)) return true;
    this.#seen.add(rawBody);
    if (this.#seen.size > this.maxEntries) evictOldest(this.#seen);
    return false;
  }

  /** Stores a template, or marks the body as not templatable when `template` is undefined. */
  set(rawBody: string, template: ReplyTemplate | undefined): void {
    this.#templates.set(rawBody, template ?? null);
    if (this.#templates.size > this.maxEntries) evictOldest(this.#templates);
  }

  clear(): void {
    this.#templates.clear();
    this.#seen.clear();
  }
}

function evictOldest(entries: Map<string, unknown> | Set<string>): void {
  const oldest = entries.keys().next();
  if (!oldest.done) entries.delete(oldest.value);
}
