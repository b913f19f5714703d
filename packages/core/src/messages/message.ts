/** A piece of text in a message. */
export interface TextPart {
  type: 'text';
  text: string;
}

/** How closely a vision model looks at an image: `low` is cheaper in tokens, `high` reads fine detail. */
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

/** An image in a user message, either by URL or as bytes. */
export type ImagePart = ImageUrlPart | ImageDataPart;
/** One part of a multi-part user message: text or an image. */
export type UserContentPart = TextPart | ImagePart;

/** Instructions for the model; createAgent sends `instructions` as the first one. */
export interface SystemMessage {
  role: 'system';
  content: string;
}

/** What the user says: plain text, or text and images as parts. */
export interface UserMessage {
  role: 'user';
  content: string | UserContentPart[];
}

/** A tool call as the model sent it: `arguments` is the raw JSON text. */
export interface ToolCall {
  /** Chosen by the provider; the ToolMessage that answers the call repeats it. */
  toolCallId: string;
  toolName: string;
  /** The model's arguments as raw JSON text (parsed and validated only when the call runs). */
  arguments: string;
}

/** A model reply kept in the history: its text and the tool calls it asked for. */
export interface AssistantMessage {
  role: 'assistant';
  content: string;
  /** The calls the model made; each needs a ToolMessage with the matching `toolCallId` before the next turn. */
  toolCalls?: ToolCall[];
}

/** A tool's result, sent back to the model as the answer to one of its tool calls. */
export interface ToolMessage {
  role: 'tool';
  /** The `toolCallId` of the ToolCall this answers. */
  toolCallId: string;
  toolName: string;
  /** What the model reads: the tool's output as text (JSON for objects), or the error text. */
  content: string;
  /** True when `content` is an error text (the tool failed or its input was invalid), so the model can recover. */
  isError?: boolean;
}

/** Provider-neutral chat message. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** True for an image part given as bytes rather than a URL. */
export function isImageDataPart(part: UserContentPart): part is ImageDataPart {
  return part.type === 'image' && 'data' in part;
}
