const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** What OpenAI-compatible APIs accept as a tool name, said the way error messages say it. */
export const TOOL_NAME_RULE =
  'it must match ^[a-zA-Z0-9_-]{1,64}$ (1–64 letters, digits, _ or -), e.g. "get_weather"';

/** True for a name OpenAI-compatible APIs accept for a tool (and so for a function call). */
export function isValidToolName(name: unknown): name is string {
  return typeof name === 'string' && toolNamePattern.test(name);
}
