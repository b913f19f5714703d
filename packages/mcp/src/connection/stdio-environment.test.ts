import { describe, expect, it } from 'vitest';
import { stdioEnvironment } from './stdio-environment.js';

describe('stdioEnvironment', () => {
  const source = {
    PATH: '/usr/bin',
    HOME: '/home/me',
    OPENAI_API_KEY: 'sk-secret',
    AWS_SECRET_ACCESS_KEY: 'aws-secret',
    HTTPS_PROXY: 'http://proxy:3128',
    BASH_FUNC_x: '() { echo; }',
  };

  it('passes the allow-list only: no API keys or cloud credentials', () => {
    expect(stdioEnvironment({ source })).toEqual({ PATH: '/usr/bin', HOME: '/home/me' });
  });

  it('adds inherited names and explicit values, which win', () => {
    expect(
      stdioEnvironment({
        source,
        inheritEnv: ['HTTPS_PROXY', 'BASH_FUNC_x'],
        env: { HOME: '/srv', TOKEN: 't' },
      }),
    ).toEqual({ PATH: '/usr/bin', HOME: '/srv', HTTPS_PROXY: 'http://proxy:3128', TOKEN: 't' });
  });
});
