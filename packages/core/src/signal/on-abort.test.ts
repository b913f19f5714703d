import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onAbort } from './on-abort.js';

/** How many 'abort' listeners the signal has on its EventTarget (Node's own count). */
async function eventListenerCount(signal: AbortSignal): Promise<number> {
  return getEventListeners(signal, 'abort').length;
}

describe('onAbort', () => {
  it('calls each listener once, in the order they were added, behind one EventTarget listener', async () => {
    const controller = new AbortController();
    const calls: string[] = [];
    onAbort(controller.signal, () => calls.push('a'));
    onAbort(controller.signal, () => calls.push('b'));
    onAbort(controller.signal, () => calls.push('c'));
    expect(await eventListenerCount(controller.signal)).toBe(1);
    controller.abort();
    controller.abort();
    expect(calls).toEqual(['a', 'b', 'c']);
  });

  it('a disposed listener is not called; the last one disposed removes the EventTarget listener', async () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const a = onAbort(controller.signal, () => calls.push('a'));
    const b = onAbort(controller.signal, () => calls.push('b'));
    const c = onAbort(controller.signal, () => calls.push('c'));
    b();
    b(); // twice is harmless
    expect(await eventListenerCount(controller.signal)).toBe(1);
    a();
    c();
    expect(await eventListenerCount(controller.signal)).toBe(0);
    // A new listener after all were removed is listened for again.
    onAbort(controller.signal, () => calls.push('d'));
    controller.abort();
    expect(calls).toEqual(['d']);
  });

  it('the same function added twice is two listeners, removed one by one', () => {
    const controller = new AbortController();
    let count = 0;
    const listener = (): void => {
      count++;
    };
    const first = onAbort(controller.signal, listener);
    onAbort(controller.signal, listener);
    first();
    controller.abort();
    expect(count).toBe(1);
  });

  it('a listener may dispose later ones (they are skipped) or itself while the signal fires', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    let disposeC: () => void = () => {};
    const disposeA = onAbort(controller.signal, () => {
      calls.push('a');
      disposeA();
      disposeC();
    });
    onAbort(controller.signal, () => calls.push('b'));
    disposeC = onAbort(controller.signal, () => calls.push('c'));
    controller.abort();
    expect(calls).toEqual(['a', 'b']);
  });

  it('an already aborted signal calls the listener at once; no signal never calls it', () => {
    let calls = 0;
    const dispose = onAbort(AbortSignal.abort(), () => calls++);
    expect(calls).toBe(1);
    dispose();
    onAbort(undefined, () => calls++)();
    expect(calls).toBe(1);
  });

  it('a listener added while the signal fires is called at once', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    onAbort(controller.signal, () => {
      calls.push('a');
      onAbort(controller.signal, () => calls.push('late'));
    });
    controller.abort();
    expect(calls).toEqual(['a', 'late']);
  });

  it('a listener that throws does not stop the others; its error is reported on a later tick', async () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const reported = new Promise<unknown>((resolve) => {
      const original = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      process.once('uncaughtException', (error) => {
        for (const listener of original) process.on('uncaughtException', listener);
        resolve(error);
      });
    });
    onAbort(controller.signal, () => {
      throw new Error('listener broke');
    });
    onAbort(controller.signal, () => calls.push('after'));
    controller.abort();
    expect(calls).toEqual(['after']);
    expect(((await reported) as Error).message).toBe('listener broke');
  });

  it('many listeners on one signal, added and removed in any order, leave it with none', async () => {
    const controller = new AbortController();
    const disposers = Array.from({ length: 1000 }, (_, i) => onAbort(controller.signal, () => i));
    for (let i = 0; i < disposers.length; i += 2) disposers[i]?.();
    for (let i = disposers.length - 1; i > 0; i -= 2) disposers[i]?.();
    expect(await eventListenerCount(controller.signal)).toBe(0);
  });
});
