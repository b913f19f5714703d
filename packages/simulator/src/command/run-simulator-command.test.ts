import { describe, expect, it } from 'vitest';
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
