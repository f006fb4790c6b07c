// The generated workload: what a user does next and after how long, drawn from the run's generator.
import { describe, expect, it } from 'vitest';
import type { Page } from '../../src/model/http.ts';
import { SeededRandom } from '../../src/simulation/random.ts';
import {
  firstThinkTime,
  nextRequest,
  thinkTime,
  workloadUsers,
  type WorkloadSpec,
} from '../../src/simulation/workload.ts';

const site = { cart: '/shop/cart', counter: '/shop/counter' };
const spec = (updateShare: number): WorkloadSpec => ({ users: 3, thinkTime: [500, 4000], updateShare });
const ops = (updateShare: number, n: number): string[] => {
  const rng = SeededRandom.fromSeed(1);
  return Array.from({ length: n }, () => {
    const { op } = nextRequest(spec(updateShare), rng, null, site);
    return (op as { kind: string }).kind;
  });
};

describe('nextRequest', () => {
  it('only views when no request changes the session, only changes it when all do', () => {
    expect(new Set(ops(0, 500))).toEqual(new Set(['view']));
    expect(new Set(ops(1, 500))).toEqual(new Set(['addToCart', 'increment']));
  });
  it('changes the session in about the share asked, half by adding to the cart', () => {
    const seen = ops(0.3, 20000);
    const count = (k: string) => seen.filter((o) => o === k).length / seen.length;
    expect(count('addToCart') + count('increment')).toBeCloseTo(0.3, 1);
    expect(count('addToCart')).toBeCloseTo(0.15, 1);
  });
  it('posts 1 to 8 KB to the cart, with one of 99 items', () => {
    const rng = SeededRandom.fromSeed(3);
    const sizes = new Set<unknown>();
    for (let i = 0; i < 2000; i++) {
      const e = nextRequest(spec(1), rng, null, site);
      if (e.method !== 'POST') continue;
      expect(e.url).toBe('/shop/cart');
      expect((e.op as { item: string }).item).toMatch(/^item([1-9]|[1-9]\d)$/);
      sizes.add(e.bodyKB);
    }
    expect([...sizes].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
  it('logs in again after "Portlet unavailable", drawing once as for any other page', () => {
    const unavailable: Page = { kind: 'app', title: 'Shop', portletUnavailable: true };
    const rng = SeededRandom.fromSeed(5);
    const same = SeededRandom.fromSeed(5);
    expect(nextRequest(spec(1), rng, unavailable, site)).toEqual({
      type: 'user.request',
      method: 'GET',
      url: '/shop/cart',
      op: { kind: 'login' },
    });
    same.next();
    expect(rng.next()).toBe(same.next());
  });
});

describe('think times', () => {
  it('stay within the range, reaching both ends; the first one may be anything up to the longest', () => {
    const rng = SeededRandom.fromSeed(7);
    const w: WorkloadSpec = { users: 1, thinkTime: [2, 5], updateShare: 0 };
    const thinks = new Set(Array.from({ length: 400 }, () => thinkTime(w, rng)));
    expect([...thinks].sort()).toEqual([2, 3, 4, 5]);
    const firsts = new Set(Array.from({ length: 400 }, () => firstThinkTime(w, rng)));
    expect([...firsts].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('workloadUsers', () => {
  it('names the users u1 to uN', () => {
    expect(workloadUsers(spec(0))).toEqual(['u1', 'u2', 'u3']);
    expect(workloadUsers({ ...spec(0), users: 0 })).toEqual([]);
  });
});
