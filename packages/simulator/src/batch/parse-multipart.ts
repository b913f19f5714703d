/** One part of a `multipart/form-data` body. */
export interface MultipartPart {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/** The boundary of a `multipart/form-data` content type, or `undefined` for any other type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function headerParameter(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header);
  if (match) return match[1]!.replace(/\\(.)/g, '$1');
  const bare = new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  return bare?.[1];
}

/**
 * Splits a `multipart/form-data` body into its parts (RFC 7578). Part data are views into `body`,
 * never copies: an upload of hundreds of megabytes is held once. `undefined` when the body is not
 * framed by the boundary.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) return undefined;
  for (;;) {
    position += delimiter.length;
    // `--` after a delimiter closes the body.
    if (body[position] === 0x2d && body[position + 1] === 0x2d) return parts;
    if (body[position] === 0x0d) position += 1;
    if (body[position] === 0x0a) position += 1;
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd < 0) return undefined;
    const headers = body.toString('utf8', position, headerEnd).split('\r\n');
    const next = nextDelimiter(body, Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) return undefined;
    const disposition = headers.find((line) => /^content-disposition:/i.test(line)) ?? '';
    const type = headers.find((line) => /^content-type:/i.test(line));
    parts.push({
      name: headerParameter(disposition, 'name') ?? '',
      filename: headerParameter(disposition, 'filename'),
      contentType: type?.slice(type.indexOf(':') + 1).trim(),
      data: body.subarray(headerEnd + 4, next),
    });
    position = next + 2;
  }
}

/**
 * Where the next part ends: `CRLF--boundary` followed by `--`, CRLF or transport padding
 * (RFC 2046 §5.1.1). The same bytes followed by anything else are data.
 */
function nextDelimiter(body: Buffer, delimiter: Buffer, from: number): number {
  for (let at = body.indexOf(delimiter, from); at >= 0; at = body.indexOf(delimiter, at + 1)) {
    let after = at + delimiter.length;
    if (body[after] === 0x2d && body[after + 1] === 0x2d) return at;
    while (body[after] === 0x20 || body[after] === 0x09) after += 1;
    if (after >= body.length || (body[after] === 0x0d && body[after + 1] === 0x0a)) return at;
  }
  return -1;
}
