// The user's side: cookies, resubmitting a form, several web server processes.
import { describe, expect, it } from 'vitest';
import { entries, get, lab, pages, post, run } from '../helpers.ts';
import { detailsOf } from '../../src/simulation/trace.ts';

describe('browser', () => {
  it('losing the cookie starts a new session: the old one is orphaned, its data out of reach', () => {
    const w = run(
      {
        config: lab(),
        interventions: [
          get('u1', 0),
          get('u1', 1000),
          { at: 1500, action: { kind: 'loseCookie', user: 'u1' } },
          get('u1', 2000),
        ],
      },
      3000,
    );
    const sessions = entries(w, 'browser.page').map((e) => detailsOf(e).session);
    expect(sessions[0]).toBe(sessions[1]);
    expect(sessions[2]).not.toBe(sessions[1]);
    expect(pages(w).map((p) => p.match(/counter (\d+)/)?.[1])).toEqual(['1', '2', '1']);
    expect(entries(w, 'http.request').filter((e) => e.actor === 'browser:u1')[2]!.text).not.toContain(
      'JSESSIONID',
    );
  });

  it('resubmitting a form sends the last POST again as a new request: the item is added twice', () => {
    const w = run(
      {
        config: lab(),
        interventions: [post('u1', 0, 2, 'lamp'), { at: 1000, action: { kind: 'resubmit', user: 'u1' } }],
      },
      2000,
    );
    expect(entries(w, 'browser.resubmit')).toHaveLength(1);
    expect(pages(w)[1]).toContain('cart [lamp, lamp]');
    expect(entries(w, 'browser.page').map((e) => detailsOf(e).request)).toEqual(['u1.1', 'u1.2']);
  });

  it('each request is handled by one of the web server processes, chosen by the generator unless pinned', () => {
    const users = Array.from({ length: 30 }, (_, i) => `u${i + 1}`);
    const w = run(
      { config: lab(() => {}, { processes: 3 }), interventions: users.map((u, i) => get(u, i * 100)) },
      5000,
    );
    const used = new Set(
      entries(w, 'plugin.step')
        .filter((e) => detailsOf(e).step === 1)
        .map((e) => e.actor),
    );
    expect(used).toEqual(new Set(['ihs#1', 'ihs#2', 'ihs#3']));
    const pinned = run(
      { config: lab(() => {}, { processes: 3 }), interventions: [get('u1', 0, { process: 2 })] },
      1000,
    );
    expect(entries(pinned, 'plugin.step')[0]!.actor).toBe('ihs#2');
  });
});

describe('page lines in the trace', () => {
  it('sum up a long cart and list a short one', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    const w = run(
      { config: lab(), interventions: items.map((item, i) => post('u1', i * 1000, 1, item)) },
      7000,
    );
    expect(pages(w)[3]).toContain('cart [a, b, c, d]');
    expect(pages(w)[5]).toContain('cart [6 items, last e, f]');
  });
});
