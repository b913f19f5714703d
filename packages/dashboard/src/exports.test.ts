import { describe, expect, it } from 'vitest';
import * as main from './index.js';
import * as test from './test/index.js';

describe('@toolloop/dashboard exports', () => {
  it('exports exactly the documented names per entry', () => {
    expect(Object.keys(main).sort()).toEqual(['contentSecurityPolicy', 'openUsageStore', 'startDashboard']);
    expect(Object.keys(test).sort()).toEqual(['seedUsageStore', 'xssProbe']);
  });
});
