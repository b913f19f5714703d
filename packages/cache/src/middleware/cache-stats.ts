/** Counters of one cache middleware since it was created. */
export interface CacheStats {
  /** Calls served without calling the model: store hits plus `coalesced` calls. */
  hits: number;
  /** Calls that went to the model. */
  misses: number;
  /** Of the hits, calls that waited for an identical call in flight instead of calling the model. */
  coalesced: number;
  /** Bytes of stored values read (hits and corrupt entries). */
  bytesRead: number;
  /** Bytes of values written to the store. */
  bytesWritten: number;
  /** Store failures and corrupt entries, each also passed to `onError`. */
  errors: number;
}

/** Why the cache could not use its store for one call; the call itself went on as a miss. */
export interface CacheErrorEvent {
  /** 'get'/'set': the store threw; 'corrupt': a stored value could not be decoded. */
  kind: 'get' | 'set' | 'corrupt';
  key: string;
  /** The store's `name`. */
  store: string;
  error: unknown;
}

export function emptyStats(): CacheStats {
  return { hits: 0, misses: 0, coalesced: 0, bytesRead: 0, bytesWritten: 0, errors: 0 };
}
