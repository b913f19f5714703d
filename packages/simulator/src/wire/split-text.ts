/**
 * Splits text into pieces of about `chunkChars` UTF-16 units, never between the two halves of a
 * surrogate pair, so every delta is valid UTF-8 on its own (the client must still cope with bytes
 * split across TCP reads; that is what the `one-byte-chunks` fault tests).
 */
export function splitText(text: string, chunkChars: number): string[] {
  const size = Math.max(1, Math.floor(chunkChars));
  if (text.length <= size) return text.length === 0 ? [] : [text];
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end += 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}
