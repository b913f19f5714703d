// JSON.parse is a V8 builtin: a CPU profile has no frame for it and books its time to the caller.
// While a round is profiled, the child swaps in this thin wrapper, so the time inside JSON.parse
// lands in this file's frame and the layer table can show it on its own row.

const nativeParse = JSON.parse;

/** JSON.parse through a frame of its own (see the file comment); same arguments, same result. */
function jsonParseProbe(text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) {
  return reviver === undefined ? nativeParse(text) : nativeParse(text, reviver);
}

/** Routes JSON.parse through {@link jsonParseProbe} until the returned function is called. */
export function probeJsonParse(): () => void {
  JSON.parse = jsonParseProbe;
  return () => {
    JSON.parse = nativeParse;
  };
}
