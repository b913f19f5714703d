import { raceAbort } from '@toolloop/core';
import { abortReason } from './sleep.js';

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it fires — so a model
 * that ignores its signal cannot hold a timed-out attempt open.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return raceAbort(promise, signal, abortReason);
}
