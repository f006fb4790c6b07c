// Lesson: a hung cluster member with a positive ServerIOTimeout (DOMAIN.md §2.6, §2.5, §6.2 window 4): its
// host still accepts connections, nothing answers; each timeout sends the request elsewhere without marking
// the member down, so affinity brings the next request back to it and that request waits again. A negative
// ServerIOTimeout would mark it down (the last beat says so; the test runs that too).

import { defaultConfig } from '../../model/config.ts';
import type { Lesson } from '../scenario.ts';
import { get } from './steps.ts';
import {
  RB51_SESSION_FAILOVER,
  RB61_AFFINITY_FAILOVER,
  SERVER_PLUGIN_PROPERTIES,
  TECHNOTE_IO_TIMEOUT,
} from '../sources.ts';

export const hungMember: Lesson = {
  id: 'hung-member',
  title: 'A hung member and a positive ServerIOTimeout',
  summary:
    "u1's session lives in PluginMember3, whose ServerIOTimeout is 60 (positive). PluginMember3's JVM hangs: its host still accepts connections, but nothing answers. Every request for u1 waits out the timeout on PluginMember3 before the plug-in sends it elsewhere, because a positive timeout never marks the member down.",
  defaultSeed: 1,
  duration: 200_000,
  config: () => {
    const c = defaultConfig({ members: 3, processes: 1 });
    c.sessionManager.tuningLevel = 'custom';
    c.sessionManager.writeFrequency = 'endOfServletService';
    c.plugin.cluster.servers[2]!.serverIOTimeout = 60;
    return c;
  },
  sessions: [{ user: 'u1', sessionId: 'B7QX2kLmNpR4sTvW9yZaC3d', member: 'PluginMember3', counter: 3 }],
  interventions: [
    get(1000),
    { at: 2000, action: { kind: 'hang', member: 'PluginMember3' } },
    get(3000),
    get(130_000),
  ],
  beats: [
    {
      when: { type: 'session.access', actor: 'PluginMember3' },
      text: "u1's JSESSIONID ends with PluginMember3's clone ID, so the plug-in sends the request there by affinity, and PluginMember3 serves it from its cache. The plug-in keeps the connection open for later requests. In this run PluginMember3's ServerIOTimeout is 60: a positive value.",
      source: RB61_AFFINITY_FAILOVER,
    },
    {
      when: { type: 'member.hung', actor: 'PluginMember3' },
      text: "PluginMember3's JVM hangs. Its host still accepts TCP connections, so connecting works and no ConnectTimeout fires. Only ServerIOTimeout, the time limit on each read from the member, can notice the hang. With 0 the plug-in would wait until TCP breaks. The default differs by version (no timeout in the 6.1 console, 900 in Liberty-generated files); this run sets 60 on PluginMember3.",
      source: SERVER_PLUGIN_PROPERTIES,
    },
    {
      when: { type: 'plugin.retry' },
      text: "u1's request has waited 60 s with no answer, and ServerIOTimeout fires. The plug-in sent it on a kept-alive connection reused from its pool, and a reused socket may just have been closed by the member. So the plug-in first retries the same member on a new connection. PluginMember3's host accepts it, and the request waits another 60 s.",
      source: TECHNOTE_IO_TIMEOUT,
    },
    {
      when: { type: 'plugin.step', data: { request: 'u1.2', step: 8 } },
      text: 'The timeout fires again. Because ServerIOTimeout is positive, the plug-in does not mark PluginMember3 down: it gives up on PluginMember3 for this request only ("will try another one") and looks for another member.',
      source: TECHNOTE_IO_TIMEOUT,
    },
    {
      when: { type: 'session.readFromStore' },
      text: "The plug-in picks another member (this 8.5.5 run spreads failovers, APAR PM12112; older plug-ins took the next in the list). That member does not have the session in its cache: it reads it from the database once, and the cache ID goes from 0000 to 0001. It appends its clone ID after PluginMember3's. u1 gets the page two minutes after asking for it.",
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'plugin.step', data: { request: 'u1.3', step: 6, member: 'PluginMember3' } },
      text: "u1's next request. Its cookie still lists PluginMember3's clone ID first, and the plug-in has not marked PluginMember3 down. So affinity sends the request to the hung member again.",
      source: TECHNOTE_IO_TIMEOUT,
    },
    {
      when: { type: 'session.access', data: { request: 'u1.3', source: 'cache' } },
      text: 'After another 60 s, ServerIOTimeout fires again. This connection was new, so the plug-in does not retry PluginMember3. It takes the next clone ID in the cookie: the member that served u1 last time, which still has the session in its cache (cache ID 0001).',
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u1', data: { request: 'u1.3' } },
      text: "u1 waited a full minute again. As long as PluginMember3 hangs, every request for this session waits at least 60 s (120 s if it starts on a pooled connection) before it goes elsewhere, and PluginMember3 is never marked down. With a negative ServerIOTimeout (-60), the timeout at 123 s would have marked PluginMember3 down for its retry interval (60 s). This request would then have gone to the other member at once. That is why IBM's technote advises a negative value.",
      source: TECHNOTE_IO_TIMEOUT,
    },
  ],
};
