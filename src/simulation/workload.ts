// The generated workload (DESIGN.md §2): users who think, then view or change their session. This file
// decides what a user does next and after how long; the browser machines do it, the world schedules it.

import type { Page } from '../model/http.ts';
import type { Site } from '../model/routing.ts';
import type { ActorEvent } from '../model/effects.ts';
import type { UserAction } from '../model/browserMachine.ts';
import type { SeededRandom } from './random.ts';

/** Users who act on their own: think, then view or change their session. */
export interface WorkloadSpec {
  users: number;
  /** Think time range in ms. */
  thinkTime: [number, number];
  /** Share of requests that change the session (the rest only view it). */
  updateShare: number;
}

/** The workload's users by name, `u1` … `uN`. */
export function workloadUsers(w: WorkloadSpec): string[] {
  const users: string[] = [];
  for (let u = 1; u <= w.users; u++) users.push(`u${u}`);
  return users;
}

/** When a user first acts: anywhere up to the longest think time, so the users do not start together. */
export function firstThinkTime(w: WorkloadSpec, rng: SeededRandom): number {
  return rng.int(0, w.thinkTime[1]);
}

/** How long a user thinks after a page before the next request. */
export function thinkTime(w: WorkloadSpec, rng: SeededRandom): number {
  const [min, max] = w.thinkTime;
  return rng.int(min, max);
}

/**
 * The user's next request, as the event for its browser. Draws from `rng` in a fixed order (one draw
 * whatever the page says, then the kind of update and its details), so a run stays its seed's. Its
 * pages are the site's (model/routing.ts siteOf).
 */
export function nextRequest(
  w: WorkloadSpec,
  rng: SeededRandom,
  lastPage: Page | null | undefined,
  site: Pick<Site, 'cart' | 'counter'>,
): ActorEvent {
  const r = rng.next();
  // A user whose page says "Portlet unavailable" does what it says: logs out and in again (DOMAIN.md §7).
  if (lastPage?.portletUnavailable)
    return { type: 'user.request', method: 'GET', url: site.cart, op: { kind: 'login' } };
  const update = r < w.updateShare;
  const action: UserAction = update
    ? rng.next() < 0.5
      ? {
          method: 'POST',
          url: site.cart,
          bodyKB: rng.int(1, 8),
          op: { kind: 'addToCart', item: `item${rng.int(1, 99)}` },
        }
      : { method: 'GET', url: site.counter, op: { kind: 'increment' } }
    : { method: 'GET', url: site.cart, op: { kind: 'view' } };
  return { type: 'user.request', ...action };
}
