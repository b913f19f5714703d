import type { StreamPart } from '@toolloop/core';

interface PendingToolCall {
  /** Order of first appearance in this response: 0, 1, 2… (what `tool-call-delta.index` reports). */
  index: number;
  id: string;
  idGenerated: boolean;
  name: string;
  arguments: string;
  emitted: boolean;
}

// Legacy `delta.function_call` is one call; a key no server index can take keeps it apart from tool_calls.
const LEGACY_SERVER_INDEX = -1;

const nonEmptyString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Assembles streamed tool-call fragments into whole calls. Internal to the stream assembler.
 *
 * Fragments are matched by the server's `index`; without one (Mistral) by `id`; with neither, they
 * continue the last call. A different id at an index already in use starts a new call (servers that
 * reuse index 0 for every call), as does a named fragment whose call already holds complete JSON and
 * that brings arguments of its own. A repeated name or id is not a new call.
 */
export class ToolCallAssembler {
  private readonly calls: PendingToolCall[] = [];
  private readonly byServerIndex = new Map<number, PendingToolCall>();
  private readonly byId = new Map<string, PendingToolCall>();

  get size(): number {
    return this.calls.length;
  }

  /** Adds one element of `delta.tool_calls`, pushing a `tool-call-delta` part for it. */
  add(raw: unknown, parts: StreamPart[]): void {
    if (typeof raw !== 'object' || raw === null) return;
    const fragment = raw as Record<string, unknown>;
    const serverIndex = typeof fragment.index === 'number' ? fragment.index : undefined;
    this.addFragment(serverIndex, nonEmptyString(fragment.id), fragment.function, parts);
  }

  /** Adds a legacy `delta.function_call` fragment (one call per response). */
  addLegacy(raw: unknown, parts: StreamPart[]): void {
    if (typeof raw !== 'object' || raw === null) return;
    this.addFragment(LEGACY_SERVER_INDEX, undefined, raw, parts);
  }

  /** Pushes a complete `tool-call` part for every call not yet emitted, in order of first appearance. */
  flush(parts: StreamPart[]): void {
    for (const call of this.calls) {
      if (call.emitted) continue;
      call.emitted = true;
      // A call streamed without any arguments (vLLM omits the key) takes no arguments: '{}' parses.
      parts.push({
        type: 'tool-call',
        toolCall: {
          toolCallId: call.id,
          toolName: call.name,
          arguments: call.arguments === '' ? '{}' : call.arguments,
        },
      });
    }
  }

  private addFragment(
    serverIndex: number | undefined,
    id: string | undefined,
    fn: unknown,
    parts: StreamPart[],
  ): void {
    const fnRecord = typeof fn === 'object' && fn !== null ? (fn as Record<string, unknown>) : undefined;
    const name = nonEmptyString(fnRecord?.name);
    const rawArguments = fnRecord?.arguments;
    // Some servers send arguments as an object rather than a JSON string.
    const argumentsDelta =
      typeof rawArguments === 'string'
        ? rawArguments
        : typeof rawArguments === 'object' && rawArguments !== null
          ? JSON.stringify(rawArguments)
          : '';

    let call: PendingToolCall | undefined;
    if (serverIndex !== undefined) call = this.byServerIndex.get(serverIndex);
    else if (id !== undefined) call = this.byId.get(id);
    else call = this.calls[this.calls.length - 1];
    if (call && this.startsNewCall(call, id, name, argumentsDelta)) call = undefined;

    let isNew = false;
    if (!call) {
      isNew = true;
      const index = this.calls.length;
      call = {
        index,
        id: id ?? `call_${index}`,
        idGenerated: id === undefined,
        name: '',
        arguments: '',
        emitted: false,
      };
      this.calls.push(call);
      if (id !== undefined) this.byId.set(id, call);
    } else if (id !== undefined && call.idGenerated) {
      // The id came after the first fragment: adopt it.
      call.id = id;
      call.idGenerated = false;
      this.byId.set(id, call);
    }
    if (serverIndex !== undefined) this.byServerIndex.set(serverIndex, call);
    if (name !== undefined && call.name === '') call.name = name;
    call.arguments += argumentsDelta;
    // The first fragment is announced even when empty (the name is known early); later empty ones are not.
    if (isNew || argumentsDelta !== '') {
      parts.push({
        type: 'tool-call-delta',
        index: call.index,
        toolCallId: call.id,
        toolName: call.name,
        argumentsDelta,
      });
    }
  }

  private startsNewCall(
    call: PendingToolCall,
    id: string | undefined,
    name: string | undefined,
    argumentsDelta: string,
  ): boolean {
    if (id !== undefined && !call.idGenerated && id !== call.id) return true;
    // Rare path (only when a name is repeated with arguments), so JSON.parse here costs nothing per delta.
    return (
      name !== undefined &&
      argumentsDelta.trimStart().startsWith('{') &&
      call.arguments !== '' &&
      isCompleteJson(call.arguments)
    );
  }
}
