// Shorthands for the requests lessons script: u1 asking for the shop's cart (and changing its counter).

import type { Intervention } from '../../simulation/world.ts';

/** u1 requests /shop/cart at `at` ms; the servlet sets the counter one higher. */
export function get(at: number, user = 'u1'): Intervention {
  return {
    at,
    action: { kind: 'request', user, method: 'GET', url: '/shop/cart', op: { kind: 'increment' } },
  };
}
