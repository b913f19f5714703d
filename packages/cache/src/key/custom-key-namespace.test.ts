import { type ModelRequest, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { describe, expect, it } from 'vitest';
import { cache } from '../middleware/cache.js';
import { memoryStore } from '../stores/memory-store.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '캐시 테스트 요청' }] };

describe('namespaces', () => {
  it('a custom key cannot reach into another namespace ("a:b" + "x" vs "a" + "b:x")', async () => {
    const store = memoryStore();
    const model = scriptedModel({ turns: [{ text: 'tenant a:b' }, { text: 'tenant a' }] });
    const tenantAB = wrapModel({ model, middleware: [cache({ store, namespace: 'a:b', key: () => 'x' })] });
    const tenantA = wrapModel({ model, middleware: [cache({ store, namespace: 'a', key: () => 'b:x' })] });
    expect((await tenantAB.generate(request)).text).toBe('tenant a:b');
    expect((await tenantA.generate(request)).text).toBe('tenant a');
    expect(model.calls).toHaveLength(2);
  });
});
