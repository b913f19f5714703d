/** A piece of text in a message. */
export interface TextPart {
  type: 'text';
  text: string;
}

export type ImageDetail = 'auto' | 'low' | 'high';

/** An image the provider fetches itself: `https:` URLs, or `data:` URLs. */
export interface ImageUrlPart {
  type: 'image';
  url: string;
  detail?: ImageDetail;
}

/** An image sent as bytes (a Uint8Array, or a base64 string) with its mime type. */
export interface ImageDataPart {
  type: 'image';
  data: Uint8Array | string;
  mimeType: string;
  detail?: ImageDetail;
}

export type ImagePart = ImageUrlPart | ImageDataPart;
export type UserContentPart = TextPart | ImagePart;

export interface SystemMessage {
  role: 'system';
  content: string;
}

export interface UserMessage {
  role: 'user';
  content: string | UserContentPart[];
}

/** A tool call as the model sent it: `arguments` is the raw JSON text. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface AssistantMessage {
  role: 'assistant';
  content: string;
  toolCalls?: ToolCall[];
}

export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  toolName: string;
  /** What the model reads: the tool's output as text (JSON for objects), or the error text. */
  content: string;
  isError?: boolean;
}

/** Provider-neutral chat message. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** True for an image part given as bytes rather than a URL. */
export function isImageDataPart(part: UserContentPart): part is ImageDataPart {
  return part.type === 'image' && 'data' in part;
}
