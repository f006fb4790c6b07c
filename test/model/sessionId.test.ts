import { describe, expect, it } from 'vitest';
import {
  encodeUrl,
  formatSessionId,
  makeSessionId,
  nextCacheId,
  parseSessionId,
  sessionIdFromUrl,
  updateCloneIds,
} from '../../src/model/sessionId.ts';

describe('JSESSIONID anatomy', () => {
  it('splits cache ID, session ID and clone IDs', () => {
    expect(parseSessionId('0000A2MB4IJozU_VM8IffsMNfdR:v544d031:v544d0o0')).toEqual({
      cacheId: '0000',
      sessionId: 'A2MB4IJozU_VM8IffsMNfdR',
      cloneIds: ['v544d031', 'v544d0o0'],
    });
  });
  it('uses + with CloneSeparatorChange', () => {
    const parts = parseSessionId('0001A2MB4IJozU_VM8IffsMNfdR+v544d031', '+');
    expect(parts?.cloneIds).toEqual(['v544d031']);
    expect(formatSessionId(parts!, '+')).toBe('0001A2MB4IJozU_VM8IffsMNfdR+v544d031');
  });
  it('rejects values not in WebSphere shape', () => {
    expect(parseSessionId('abc')).toBeNull();
  });
  it('increments the cache ID and wraps 9999 to 0000', () => {
    expect(nextCacheId('0000')).toBe('0001');
    expect(nextCacheId('9999')).toBe('0000');
  });
  it('appends the serving clone ID after a failover, or moves it to the front with NoAffinitySwitchBack', () => {
    expect(updateCloneIds(['a'], 'b', false)).toEqual(['a', 'b']);
    expect(updateCloneIds(['a', 'b'], 'a', false)).toEqual(['a', 'b']);
    expect(updateCloneIds(['a'], 'b', true)).toEqual(['b', 'a']);
  });
  it('makes 23-character session IDs that depend on seed and counter', () => {
    const id = makeSessionId(7, 0);
    expect(id).toMatch(/^[\w-]{23}$/);
    expect(makeSessionId(7, 0)).toBe(id);
    expect(makeSessionId(7, 1)).not.toBe(id);
    expect(makeSessionId(8, 0)).not.toBe(id);
  });
  it('reads and writes the ;jsessionid= path parameter', () => {
    expect(sessionIdFromUrl('/shop/cart;jsessionid=0000abc:c1?x=1', 'jsessionid')).toBe('0000abc:c1');
    expect(encodeUrl('/shop/cart?x=1', 'jsessionid', '0000abc:c1')).toBe(
      '/shop/cart;jsessionid=0000abc:c1?x=1',
    );
  });
});

describe('provenance', () => {
  it('keeps updates as ranges of request numbers per user, and answers membership', async () => {
    const { withUpdate, hasUpdate, rangesOf } = await import('../../src/model/sessionData.ts');
    let p = {};
    for (const id of ['u1.1', 'u1.2', 'u1.3', 'u1.5', 'u2.1']) p = withUpdate(p, id);
    const pairs = (q: typeof p) =>
      Object.fromEntries(Object.entries(q).map(([u, r]) => [u, rangesOf(r as never)]));
    expect(pairs(p)).toEqual({
      u1: [
        [1, 3],
        [5, 5],
      ],
      u2: [[1, 1]],
    });
    expect(hasUpdate(p, 'u1.2')).toBe(true);
    expect(hasUpdate(p, 'u1.4')).toBe(false);
    expect(hasUpdate(p, 'u3.1')).toBe(false);
    // An older request's update after newer ones (concurrent requests) fills the gap.
    p = withUpdate(p, 'u1.4');
    expect(hasUpdate(p, 'u1.4')).toBe(true);
    expect(pairs(p).u1).toEqual([[1, 5]]);
    expect(withUpdate(p, 'u1.2')).toBe(p);
    p = withUpdate(withUpdate(p, 'u1.9'), 'u1.7');
    expect(pairs(p).u1).toEqual([
      [1, 5],
      [7, 7],
      [9, 9],
    ]);
    expect(hasUpdate(p, 'u1.8')).toBe(false);
    expect(hasUpdate(p, 'u1.6')).toBe(false);
  });
});

describe('parseSessionId, the separator', () => {
  it('splits on the separator it is given only', () => {
    expect(parseSessionId('0001ABCDEFGHIJKLMNOPQRSTUVW:v1:v2')).toEqual({
      cacheId: '0001',
      sessionId: 'ABCDEFGHIJKLMNOPQRSTUVW',
      cloneIds: ['v1', 'v2'],
    });
    expect(parseSessionId('0001ABCDEFGHIJKLMNOPQRSTUVW:v1:v2', '+')?.cloneIds).toEqual([]);
    expect(parseSessionId('0001ABCDEFGHIJKLMNOPQRSTUVW+v1+v2', '+')?.cloneIds).toEqual(['v1', 'v2']);
    expect(parseSessionId('nonsense')).toBeNull();
  });
});
