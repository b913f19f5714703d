import { describe, expect, it } from 'vitest';
import { post } from '../test-utils.js';
import { runSimulatorCommand } from './run-simulator-command.js';

function output() {
  let text = '';
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

describe('runSimulatorCommand', () => {
  it('starts a simulator from command-line flags and prints where it listens', async () => {
    const stdout = output();
    const simulator = await runSimulatorCommand(
      ['--port', '0', '--model', 'gpt-4.1-mini', '--chunk-chars', '2'],
      {
        stdout,
        handleSignals: false,
      },
    );
    try {
      expect(stdout.text()).toBe(`toolloop simulator listening on ${simulator?.url}\n`);
      const response = await fetch(`${simulator?.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'AI란?' }] }),
      });
      expect(((await response.json()) as { model: string }).model).toBe('gpt-4.1-mini');
    } finally {
      await simulator?.close();
    }
  });

  it('sends each SSE event in its own write with --event-per-write (one write without it)', async () => {
    const quiet = { stdout: output(), handleSignals: false };
    const perEvent = await runSimulatorCommand(['--chunk-chars', '1', '--event-per-write'], quiet);
    const whole = await runSimulatorCommand(['--chunk-chars', '1'], quiet);
    try {
      const text = 'abcdefghijklmnopqrstuvwxyz'.repeat(4);
      const body = { messages: [{ role: 'user', content: 'go' }], stream: true };
      await post(`${perEvent?.url}/_simulator/script`, { text });
      await post(`${whole?.url}/_simulator/script`, { text });
      const split = await post(`${perEvent?.url}/chat/completions`, body);
      const joined = await post(`${whole?.url}/chat/completions`, body);
      expect(split.text.split('\n\n').length).toBe(joined.text.split('\n\n').length);
      // 107 events: in one write they arrive in a read or three; one write each spreads them over many.
      expect(joined.reads).toBeLessThanOrEqual(3);
      expect(split.reads).toBeGreaterThan(10);
    } finally {
      await Promise.all([perEvent?.close(), whole?.close()]);
    }
  });

  it('prints its usage under the name it was invoked by', async () => {
    const stdout = output();
    expect(await runSimulatorCommand(['--help'], { name: 'toolloop simulate', stdout })).toBeUndefined();
    expect(stdout.text()).toMatch(/^Usage: toolloop simulate \[--port <port>\]/);
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number from 0 to 65535 \(0 picks a free port\), got "abc"/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--chunk-chars=-1'], /--chunk-chars must be a whole number/],
    [['--delay-ms', 'soon'], /--delay-ms must be a whole number/],
  ])('refuses %j with an error naming the flag', async (argv, message) => {
    await expect(runSimulatorCommand(argv, { handleSignals: false })).rejects.toMatchObject({
      code: 'invalid-option',
      message: expect.stringMatching(message),
    });
  });
});
