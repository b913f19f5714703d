import { describe, expect, it } from 'vitest';
import { redactHeaders, redactSecrets } from './redact.js';

describe('redaction', () => {
  it('removes given secrets, bearer tokens and sk- keys', () => {
    const text =
      'Incorrect API key provided: DEADBEEF. Authorization: Bearer abc.def-123 key sk-proj-abcdef123456';
    const out = redactSecrets(text, ['DEADBEEF']);
    expect(out).not.toMatch(/DEADBEEF|abc\.def-123|sk-proj-abcdef123456/);
    expect(out).toContain('[REDACTED]');
  });

  it('hides credential headers', () => {
    expect(redactHeaders({ authorization: 'Bearer x', 'x-request-id': 'r1', 'api-key': 'k' })).toEqual({
      authorization: '[REDACTED]',
      'x-request-id': 'r1',
      'api-key': '[REDACTED]',
    });
  });
});
