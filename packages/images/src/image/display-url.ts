/**
 * A URL as error messages may show it: user name and password removed (they are secrets), query
 * values hidden (signed URLs carry tokens there), and a `data:` URL cut to its header so a message
 * never holds megabytes of base64.
 */
export function displayUrl(url: string | URL): string {
  const text = String(url);
  if (/^data:/i.test(text)) {
    const comma = text.indexOf(',');
    const header = comma === -1 ? text.slice(0, 40) : text.slice(0, Math.min(comma, 80));
    return `${header},…(${text.length} chars)`;
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  }
  parsed.username = '';
  parsed.password = '';
  if (parsed.search !== '') {
    const keys = [...new Set(parsed.searchParams.keys())];
    parsed.search = keys.map((key) => `${encodeURIComponent(key)}=…`).join('&');
  }
  const shown = parsed.href;
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}
