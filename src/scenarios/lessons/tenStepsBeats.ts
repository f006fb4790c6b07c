// The ten steps of a failover inside the plug-in (DOMAIN.md §2.1), narrated one by one on the ten-steps
// scenario's failover request (u1.2, through ihs#1 after PluginMember1 crashed), after the request by
// affinity and the crash that lead to it.

import type { Beat } from '../narration.ts';
import {
  RB51_AFFINITY,
  RB51_FAILOVER,
  RB51_SESSION_FAILOVER,
  RB61_AFFINITY_FAILOVER,
  WRITE_FREQUENCY,
} from '../sources.ts';

const step = (n: number, text: string): Beat => ({
  when: { type: 'plugin.step', data: { request: 'u1.2', step: n } },
  text,
  source: RB51_SESSION_FAILOVER,
});

export const tenStepsBeats: readonly Beat[] = [
  {
    when: { type: 'session.access', actor: 'PluginMember1' },
    text: "u1's JSESSIONID ends with v544d031, PluginMember1's clone ID, so the plug-in in web server process ihs#2 sends the request there by affinity. PluginMember1 serves it from its cache.",
    source: RB51_AFFINITY,
  },
  {
    when: { type: 'db.commit' },
    text: "This cluster writes sessions at the end of each servlet service: once the servlet has run, PluginMember1 stores u1's update in the database.",
    source: WRITE_FREQUENCY,
  },
  {
    when: { type: 'member.crashed', actor: 'PluginMember1' },
    text: "PluginMember1's JVM is killed. No web server process knows yet: the plug-in has no health check, it learns that a member is gone only when a request to it fails.",
    source: RB51_FAILOVER,
    ask: 'nextServer',
  },
  {
    ...step(
      1,
      "Step 1. u1's request for /snoop, with the cookie JSESSIONID=…:v544d031, reaches the web server, which offers every request to the plug-in first.",
    ),
    ask: 'cookieAfter',
  },
  step(
    2,
    'Step 2. The plug-in matches the virtual host and the URI: /snoop belongs to the ServerCluster PluginCluster.',
  ),
  step(
    3,
    'Step 3. It looks for session identification, the cookie named by AffinityCookie first, then the URL parameter, and finds clone ID v544d031.',
  ),
  step(4, 'Step 4. It searches the primary server list for that clone ID: PluginMember1 owns the session.'),
  step(5, 'Step 5. PluginMember1 is not marked down in this web server process, so the plug-in tries it.'),
  {
    when: { type: 'plugin.markDown', data: { member: 'PluginMember1' } },
    text: 'Step 6. It tries to get a stream to PluginMember1, whose JVM has crashed: the connection is refused. The plug-in marks PluginMember1 down, in this process only, and starts its retry timer.',
    source: RB51_SESSION_FAILOVER,
  },
  step(7, 'Step 7. It examines the session identifier again.'),
  step(
    8,
    'Step 8. Walking the servers, it reaches PluginMember1, sees it marked down with its retry timer running, and skips it.',
  ),
  step(
    9,
    'Step 9. It picks another member: PluginMember2, the only one left (this 8.5.5 run spreads failovers, APAR PM12112; older plug-ins took the next in the list).',
  ),
  step(10, 'Step 10. It gets a stream to PluginMember2, sends the request and reads the response.'),
  {
    when: { type: 'session.readFromStore', actor: 'PluginMember2' },
    text: 'PluginMember2 does not have the session in its cache: it reads it from the database once and caches it, and the cache ID goes from 0000 to 0001.',
    source: RB51_SESSION_FAILOVER,
  },
  {
    when: { type: 'http.response', actor: 'PluginMember2' },
    text: "The response's JSESSIONID carries both clone IDs, v544d031 then v544d0o0: PluginMember2 appended its own. From now on u1's requests go to PluginMember2 while PluginMember1 is marked down.",
    source: RB61_AFFINITY_FAILOVER,
  },
];
