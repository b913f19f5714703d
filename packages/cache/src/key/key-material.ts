import { createHash } from 'node:crypto';
import type { Message, Model, ModelRequest, UserContentPart } from '@toolloop/core';

/** What identifies the model a request goes to. The API key is deliberately not part of it. */
export type CacheKeyModel = Pick<Model, 'provider' | 'modelId' | 'baseURL'>;

/** Options of keyMaterial: the request and the model it goes to. */
export interface KeyMaterialOptions {
  request: ModelRequest;
  model: CacheKeyModel;
  /** A tenant or other partition: equal requests in different namespaces never share an entry. */
  namespace?: string | undefined;
}

/**
 * Bumped whenever the material changes shape, so old keys simply stop matching. 2: assistant tool
 * calls are `{ toolCallId, toolName, arguments }`.
 */
const KEY_VERSION = 2;

/**
 * Everything that changes a model's answer, as plain data: provider, base URL, model id,
 * messages (image bytes replaced by their SHA-256), tools (name, description, schema, strict),
 * tool choice, settings and response format, plus the namespace. Never credentials or per-call headers.
 * @example canonicalJson(keyMaterial({ request, model })) // the text the cache key hashes
 */
export function keyMaterial({ request, model, namespace }: KeyMaterialOptions): Record<string, unknown> {
  return {
    v: KEY_VERSION,
    namespace,
    provider: model.provider,
    baseURL: model.baseURL,
    modelId: model.modelId,
    messages: request.messages.map(messageMaterial),
    tools: request.tools?.map((tool) => ({
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters,
      strict: tool.strict,
    })),
    toolChoice: request.toolChoice,
    settings: request.settings,
    // A structured answer differs from a free-text one to the same messages.
    responseFormat: request.responseFormat,
  };
}

function messageMaterial(message: Message): unknown {
  if (message.role !== 'user' || typeof message.content === 'string') return message;
  let changed = false;
  const content = message.content.map((part) => {
    const replaced = partMaterial(part);
    if (replaced !== part) changed = true;
    return replaced;
  });
  return changed ? { ...message, content } : message;
}

function partMaterial(part: UserContentPart): unknown {
  if (part.type !== 'image') return part;
  if ('data' in part) {
    // The bytes decide the answer, not their encoding: a Uint8Array and the same image as base64
    // give one key, and megabytes of image never sit in a key or a log line.
    const bytes = typeof part.data === 'string' ? Buffer.from(part.data, 'base64') : part.data;
    return { type: 'image', mimeType: part.mimeType, detail: part.detail, sha256: sha256Hex(bytes) };
  }
  if (part.url.startsWith('data:')) {
    return { type: 'image', detail: part.detail, urlSha256: sha256Hex(part.url) };
  }
  return part;
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
