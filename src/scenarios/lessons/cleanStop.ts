// Lesson: a clean stop of the member that owns a session (DOMAIN.md §2.1, §3.1, §3.2, §4.3): the plug-in
// fails over, the new member reads the session from the store once and appends its clone ID; when the
// stopped member is back and its retry interval is over, the session switches back to it.

import { defaultConfig } from '../../model/config.ts';
import type { Lesson } from '../scenario.ts';
import { get } from './steps.ts';
import { RB51_SESSION_FAILOVER, RB61_AFFINITY_FAILOVER, WRITE_FREQUENCY } from '../sources.ts';

export const cleanStop: Lesson = {
  id: 'clean-stop',
  title: 'A clean stop of the member that owns the session',
  summary:
    "u1's session lives in PluginMember1. The administrator stops PluginMember1: the plug-in fails over to another member, which reads the session from the database once. When PluginMember1 is back and the retry interval is over, the session switches back.",
  defaultSeed: 1,
  duration: 80_000,
  config: () => {
    const c = defaultConfig({ members: 3, processes: 1 });
    c.sessionManager.tuningLevel = 'custom';
    c.sessionManager.writeFrequency = 'timeBasedWrite';
    return c;
  },
  sessions: [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 3 }],
  interventions: [
    get(1000),
    { at: 3000, action: { kind: 'stop', member: 'PluginMember1' } },
    get(8000),
    { at: 12_000, action: { kind: 'start', member: 'PluginMember1' } },
    get(70_000),
  ],
  beats: [
    {
      when: { type: 'session.access', actor: 'PluginMember1' },
      text: "u1's JSESSIONID ends with PluginMember1's clone ID: the plug-in sends the request there, and PluginMember1 serves it from its cache.",
      source: RB61_AFFINITY_FAILOVER,
    },
    {
      when: { type: 'member.stopping', actor: 'PluginMember1' },
      text: 'The administrator stops PluginMember1. On a clean stop the server tries to flush the sessions changed since the last time-based write; here the write commits.',
      source: WRITE_FREQUENCY,
    },
    {
      when: { type: 'plugin.markDown', data: { member: 'PluginMember1' } },
      text: 'The next request for u1 finds PluginMember1 gone: its kept-alive connection is reset, a new one is refused, and the plug-in marks the member down for the retry interval.',
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'session.readFromStore' },
      text: 'The plug-in picks another member (this 8.5.5 run spreads failovers, APAR PM12112; older plug-ins took the next in the list). That member does not have the session in its cache: it reads it from the database once and caches it, and the cache ID goes up by one.',
      source: RB61_AFFINITY_FAILOVER,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u1' },
      text: "u1 sees the page as before, counter and all: the stop wrote the session. The new JSESSIONID carries two clone IDs, PluginMember1's first, then the new member's.",
      source: RB61_AFFINITY_FAILOVER,
    },
    {
      when: { type: 'member.running', actor: 'PluginMember1' },
      text: 'PluginMember1 is running again, but this web server process still counts it as marked down until its retry interval is over.',
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'session.readFromStore', actor: 'PluginMember1' },
      text: 'After the retry interval, the plug-in tries the clone IDs left to right again: PluginMember1 answers, so the session switches back, and PluginMember1 reads it from the database (its own copy went with the stop). NoAffinitySwitchBack would have kept it where it was.',
      source: RB51_SESSION_FAILOVER,
    },
  ],
};
