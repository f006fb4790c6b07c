// Lesson: affinity basics (DOMAIN.md §2.2, §2.3, §2.4, §3.1, §7): three users without a session are spread
// over the three members by weighted round robin, each pick lowering the member's weight by one; the
// JSESSIONID each gets is cache ID + session ID + clone ID, and the page names the member and its node. u1
// comes back by affinity and the weights stay as they were (IgnoreAffinityRequests=true), as the next new
// user's balancing shows. Random is the other LoadBalance choice.

import { defaultConfig } from '../../model/config.ts';
import type { Lesson } from '../scenario.ts';
import { get } from './steps.ts';
import {
  PLUGINS_855,
  PORTAL_FAILOVER,
  RB51_AFFINITY,
  RB_WEIGHTED_ROUND_ROBIN,
  RECOMMENDED_VALUES,
  ROUTING_PROPERTIES,
} from '../sources.ts';

export const affinityBasics: Lesson = {
  id: 'affinity-basics',
  title: 'Affinity basics: the JSESSIONID, weighted round robin and affinity requests',
  summary:
    "u1, u2 and u3 arrive without a session: weighted round robin spreads their new sessions over the three cluster members, each pick lowering that member's weight by one. Each JSESSIONID carries a cache ID, the session ID and the member's clone ID, and the page names the member and its node. u1 comes back by affinity, and when u4 arrives the weights are still where the three new sessions left them.",
  defaultSeed: 1,
  duration: 10_000,
  config: () => defaultConfig({ members: 3, processes: 1 }),
  users: ['u1', 'u2', 'u3', 'u4'],
  interventions: [get(1000, 'u1'), get(2000, 'u2'), get(3000, 'u3'), get(5000, 'u1'), get(7000, 'u4')],
  beats: [
    {
      when: { type: 'plugin.balance', data: { request: 'u1.1' } },
      text: "u1's request carries no session ID, so there is no affinity: the plug-in load balances. The cluster's LoadBalance is Round Robin, weighted: every member starts with its LoadBalanceWeight (2 here, as in generated configurations), and round robin starts at a random member so that the processes of a multi-process web server do not all pick the same one first.",
      source: ROUTING_PROPERTIES,
    },
    {
      when: { type: 'session.create' },
      text: "The chosen member creates u1's session, and its answer will set the JSESSIONID cookie: four digits of cache ID (0000 for a new session), the 23-character session ID, a colon, and the member's clone ID. The cache ID is really a version of the session: it goes up when a member has to read the session from the store instead of its own cache.",
      source: RB51_AFFINITY,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u1' },
      text: "u1's page names the cluster member that served it and the node it runs on, as WebSphere Portal's global settings portlet shows the node of the server handling the user's requests: the simplest way to see affinity at work.",
      source: PORTAL_FAILOVER,
    },
    {
      when: { type: 'plugin.balance', data: { request: 'u3.1' } },
      text: "u2 and u3 have no session either. Each request assigned to a member lowers that member's weight by one, and round robin goes on to the next member with weight left: the three new sessions land on three different members, each member one weight down. When every weight reaches zero the plug-in readjusts them all; with weights as low as 2 that happens often, which is why IBM recommends larger ones.",
      source: RECOMMENDED_VALUES,
    },
    {
      when: { type: 'plugin.step', data: { request: 'u1.2', step: 4 } },
      text: 'u1 comes back with its JSESSIONID. The plug-in finds the clone ID in the cookie and the member it belongs to: affinity overrides load balancing, so the request goes to that member whatever the weights say, and no balancing pick is made.',
      source: PLUGINS_855,
    },
    {
      when: { type: 'session.access', data: { request: 'u1.2', source: 'cache' } },
      text: 'The member serves u1 from its own cache, so the cache ID stays 0000 and the cookie comes back unchanged: the session never left the member that created it.',
      source: RB51_AFFINITY,
    },
    {
      when: { type: 'plugin.balance', data: { request: 'u4.1' } },
      text: "u4 arrives without a session. The weights this balancing sees are where the three new sessions left them, one down on every member: u1's affinity request did not lower its member's weight, because IgnoreAffinityRequests is true, the default of the plug-in this run follows (8.5.5; the switch came with the 6.1 plug-in). Set to false, every affinity request lowers the weight too, for a more even round robin.",
      source: PLUGINS_855,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u4' },
      text: "So u4's new session lands on the member that already serves u1: round robin has come round to it, and its weight does not count u1's traffic. With IgnoreAffinityRequests=false that weight would be at zero and u4 would go to the next member. The other LoadBalance choice, Random, ignores the weights altogether: each new session goes to a member picked at random, the same one possibly twice in a row, while requests with affinity still go to their member.",
      source: RB_WEIGHTED_ROUND_ROBIN,
    },
  ],
};
