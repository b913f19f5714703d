import type { ChatMessage, ContentPart } from '../types.js';

/** The text of a message: a string, or its text parts joined with newlines. */
export function messageText(message: ChatMessage | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (part && typeof part === 'object' && part.type === 'text' && typeof part.text === 'string') {
      text = text === '' ? part.text : `${text}\n${part.text}`;
    }
  }
  return text;
}

/** The URLs of `image_url` parts of a message, in order. */
export function imageUrls(message: ChatMessage | undefined): string[] {
  const content = message?.content;
  if (!Array.isArray(content)) return [];
  const urls: string[] = [];
  for (const part of content as ContentPart[]) {
    if (!part || typeof part !== 'object' || part.type !== 'image_url') continue;
    const image = part.image_url;
    const url = typeof image === 'string' ? image : image?.url;
    if (typeof url === 'string') urls.push(url);
  }
  return urls;
}

/** Words of a text (letters and digits of any script), lower-cased. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Hangul anywhere in the text. */
export function hasHangul(text: string): boolean {
  return /[\u3131-\u318e\uac00-\ud7a3]/.test(text);
}

/** FNV-1a over UTF-16 units: a small stable seed for deterministic choices. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
