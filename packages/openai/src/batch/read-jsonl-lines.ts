import { StringDecoder } from 'node:string_decoder';
import { StreamParseError } from '@toolloop/core';

/** Options of {@link readJsonlLines}. */
export interface ReadJsonlLinesOptions {
  /** Names the file in errors, e.g. `file file-abc`. */
  source: string;
  /** The longest line accepted, in characters. Default 64 Mi. */
  maxLineChars?: number;
}

/**
 * The parsed lines of a JSONL byte stream, one at a time: only the current line is held, so an
 * output file of any size streams in constant memory. Blank lines are skipped; a line that is not
 * JSON throws `StreamParseError` with its line number.
 */
export async function* readJsonlLines(
  chunks: AsyncIterable<Uint8Array>,
  options: ReadJsonlLinesOptions,
): AsyncGenerator<unknown> {
  const { source, maxLineChars = 64 * 1024 * 1024 } = options;
  // UTF-8 sequences split across chunks are completed by the decoder, never mangled.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNumber = 0;
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new StreamParseError({
        message: `Line ${lineNumber} of ${source} is not JSON: ${text.slice(0, 120)}. The server wrote a broken batch file; retrieve it again or report it to the provider.`,
        cause: error,
      });
    }
  };
  for await (const chunk of chunks) {
    pending += decoder.write(chunk as Buffer);
    let start = 0;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      lineNumber += 1;
      const text = pending.slice(start, end).trim();
      start = end + 1;
      if (text !== '') yield parse(text);
    }
    pending = pending.slice(start);
    if (pending.length > maxLineChars) {
      throw new StreamParseError({
        message: `Line ${lineNumber + 1} of ${source} is longer than ${maxLineChars} characters; a batch output line never is. The file is not JSONL.`,
      });
    }
  }
  pending += decoder.end();
  lineNumber += 1;
  if (pending.trim() !== '') yield parse(pending.trim());
}
