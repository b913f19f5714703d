import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientName } from '../clients/index.js';
import { fromSource, sourceExecArgv } from '../simulator-process.js';
import type { RoundFailure, RoundReport, RoundRequest } from './protocol.js';

const childScript = join(dirname(fileURLToPath(import.meta.url)), fromSource ? 'child.ts' : 'child.js');

/** A benchmark client running in its own fresh process. */
export interface PeerProcess {
  name: ClientName;
  round(request: Omit<RoundRequest, 'id'>): Promise<RoundReport>;
  close(): Promise<void>;
}

/** Starts `name` in a child process against the simulator at `baseURL` and waits until it is ready. */
export async function startPeer(name: ClientName, baseURL: string): Promise<PeerProcess> {
  const child: ChildProcess = fork(childScript, [name, baseURL], {
    execArgv: sourceExecArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(r: RoundReport): void; reject(e: Error): void }>();
  let exited: Error | undefined;
  let ready!: () => void;
  const isReady = new Promise<void>((resolve, reject) => {
    ready = resolve;
    child.once('exit', (code) => {
      exited = new Error(`peer ${name} exited (code ${code})`);
      reject(exited);
      for (const waiter of pending.values()) waiter.reject(exited);
    });
  });
  child.on('message', (message: RoundReport | RoundFailure | { ready: true }) => {
    if ('ready' in message) return ready();
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if ('error' in message) waiter?.reject(new Error(`peer ${name}: ${message.error}`));
    else waiter?.resolve(message);
  });
  await isReady;
  let nextId = 0;
  return {
    name,
    round(request) {
      if (exited) return Promise.reject(exited);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ ...request, id });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.send({ exit: true });
      }),
  };
}
