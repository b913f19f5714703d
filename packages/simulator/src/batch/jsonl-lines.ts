/** One non-blank line of a JSONL buffer, numbered from 1 like an editor does. */
export interface JsonlLine {
  lineNumber: number;
  text: string;
}

/** The non-blank lines of a JSONL buffer (`\n` or `\r\n` endings), decoded one at a time. */
export function* jsonlLines(buffer: Buffer): Generator<JsonlLine> {
  let start = 0;
  let lineNumber = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(0x0a, start);
    if (end < 0) end = buffer.length;
    lineNumber += 1;
    const stop = end > start && buffer[end - 1] === 0x0d ? end - 1 : end;
    const text = buffer.toString('utf8', start, stop);
    if (text.trim() !== '') yield { lineNumber, text };
    start = end + 1;
  }
}
