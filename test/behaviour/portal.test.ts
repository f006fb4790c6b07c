// The Portal overlay (DOMAIN.md §7), labelled as the Portal documentation's account.
import { describe, expect, it } from 'vitest';
import { entries, get, lab, pages, post, run } from '../helpers.ts';

const owner = [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 2 }];
const crash = { at: 500, action: { kind: 'crash' as const, member: 'PluginMember1' } };

describe('Portal after a failover', () => {
  it('redirects a POST; the browser re-issues it as GET and the form data is lost', () => {
    const w = run(
      {
        config: lab((c) => {
          c.portal.enabled = true;
          c.portal.portletsSupportFailover = true;
        }),
        sessions: owner,
        interventions: [crash, post('u1', 1000, 4, 'lamp')],
      },
      3000,
    );
    expect(entries(w, 'portal.redirect')).toHaveLength(1);
    expect(entries(w, 'browser.postLost')[0]!.text).toContain('the 4 KB of form data is not sent');
    expect(pages(w)).toHaveLength(1);
    expect(pages(w)[0]).toMatch(/200 Portal from PluginMember2.*cart \[\]/);
  });
  it('without the Portal the plug-in re-sends the buffered body and the form is processed', () => {
    const w = run(
      { config: lab(), sessions: owner, interventions: [crash, post('u1', 1000, 4, 'lamp')] },
      3000,
    );
    expect(entries(w, 'browser.postLost')).toHaveLength(0);
    expect(pages(w)[0]).toMatch(/cart \[lamp\]/);
  });
  it('shows "Portlet unavailable" after a failover when portlets do not support it; the next request is fine', () => {
    const w = run(
      {
        config: lab((c) => (c.portal.enabled = true)),
        sessions: owner,
        interventions: [crash, get('u1', 1000), get('u1', 2000)],
      },
      3000,
    );
    expect(pages(w)[0]).toContain('Portlet unavailable');
    expect(pages(w)[1]).not.toContain('Portlet unavailable');
    expect(pages(w)[0]).toContain('on was2node');
  });
});
