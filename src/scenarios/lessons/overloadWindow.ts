// Lesson: affinity-breaking window 2 (DOMAIN.md §6.1, §2.5, §9.1). Other traffic holds every web container
// thread of PluginMember1 and fills its listen backlog for 30 s. A request for u1 on the connection the plug-in
// kept alive was already accepted: it waits for a thread, with no failover. A request that needs a new
// connection is refused: the plug-in marks the running member down, and another member reads the session from
// the store. When the overload ends, the waiting request is served from PluginMember1's own cached copy, so the
// session has been served by two JVMs; after the retry interval PluginMember1 answers and is marked up.

import { defaultConfig } from '../../model/config.ts';
import type { Lesson } from '../scenario.ts';
import { get } from './steps.ts';
import {
  LIBERTY_BACKED_HASH_MAP,
  RB51_OVERLOADING,
  RB51_RETRY_INTERVAL,
  RB51_SESSION_FAILOVER,
  RB61_AFFINITY_FAILOVER,
} from '../sources.ts';

export const overloadWindow: Lesson = {
  id: 'overload-window',
  title: 'An overloaded member: refused connections break affinity',
  summary:
    "u1's session lives in PluginMember1. Other traffic takes all of PluginMember1's web container threads and fills its listen backlog for 30 s. A request already on an accepted connection waits for a thread and is not failed over. A request that needs a new connection is refused: the plug-in marks the running member down, and another member reads the session from the database. When the overload ends, the request that waited is served from PluginMember1's own cached copy.",
  defaultSeed: 1,
  duration: 80_000,
  config: () => {
    const c = defaultConfig({ members: 3, processes: 1 });
    // Every update is in the database when its page is shown: only the overload breaks anything here.
    c.sessionManager.tuningLevel = 'custom';
    c.sessionManager.writeFrequency = 'endOfServletService';
    return c;
  },
  sessions: [{ user: 'u1', sessionId: 'K4rTz8WqLm2VbN6xPc9YhJ3', member: 'PluginMember1', counter: 3 }],
  interventions: [
    get(1000),
    { at: 2000, action: { kind: 'overload', member: 'PluginMember1', seconds: 30 } },
    get(3000),
    get(4000),
    get(70_000),
  ],
  beats: [
    {
      when: { type: 'session.access', actor: 'PluginMember1' },
      text: "u1's JSESSIONID ends with PluginMember1's clone ID, so the plug-in sends the request there by affinity, and PluginMember1 serves it from its cache. The session is written to the database at the end of the request. The plug-in keeps the connection open in its pool for later requests.",
      source: RB61_AFFINITY_FAILOVER,
    },
    {
      when: { type: 'member.overloaded', actor: 'PluginMember1' },
      text: 'A flood of other traffic reaches PluginMember1 for 30 s: it takes all 50 web container threads and fills the listen backlog of connections not yet accepted (511; both are the lab’s teaching values). PluginMember1 has not stopped or crashed: its JVM runs, it is only too busy.',
      source: RB51_OVERLOADING,
    },
    {
      when: { type: 'plugin.step', data: { request: 'u1.2', step: 10 } },
      text: "u1's next request goes to PluginMember1 by affinity, on the pooled connection PluginMember1 had already accepted. Nothing refuses it: the request waits inside the member for a web container thread. ServerIOTimeout is 0 here (no timeout), so the plug-in just waits for the answer. No error, no mark-down, no failover.",
      source: RB51_OVERLOADING,
    },
    {
      when: { type: 'member.backlogFull', actor: 'PluginMember1' },
      text: "A second request for u1's session arrives while the first still waits (another frame or an AJAX call of the same page). The pooled connection is busy, so the plug-in opens a new one, and PluginMember1's full listen backlog refuses it. To the plug-in a refused connection looks just like a stopped member.",
      source: RB51_OVERLOADING,
    },
    {
      when: { type: 'plugin.markDown', data: { member: 'PluginMember1' } },
      text: 'The plug-in marks PluginMember1 down and starts its retry timer (RetryInterval, 60 s), as it would for a crash. Yet PluginMember1 is running, and every other member is running too: the plug-in has no health check, only the failed connection.',
      source: RB51_OVERLOADING,
    },
    {
      when: { type: 'session.readFromStore' },
      text: "The plug-in sends the request to another member (this 8.5.5 run spreads failovers, APAR PM12112; older plug-ins took the next in the list). That member does not have u1's session in its cache: it reads it from the database once, the cache ID goes from 0000 to 0001, and it appends its clone ID after PluginMember1's. Affinity is broken although no member failed.",
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'session.access', actor: 'PluginMember1', data: { request: 'u1.2' } },
      text: "The other traffic has drained, and a thread takes the request that waited 29 s. PluginMember1 still caches u1's session, and the request carries cache ID 0000, the version PluginMember1 holds. So PluginMember1 trusts its own copy: it has not seen the update the other member just made.",
      source: LIBERTY_BACKED_HASH_MAP,
    },
    {
      when: { type: 'monitor.sessionInTwoJvms' },
      text: "The monitor reports u1's session served by two JVMs. Each member changes its own copy, so u1 gets two pages with the same counter although u1 made two updates. At the end of this request PluginMember1 writes its copy, and its row replaces the one the other member wrote. That is the overload window.",
      source: RB61_AFFINITY_FAILOVER,
    },
    {
      when: { type: 'plugin.markUp', data: { member: 'PluginMember1' } },
      text: "u1's next request comes after PluginMember1's retry interval is over. The plug-in tries PluginMember1 again, PluginMember1 answers, and the plug-in clears the mark. PluginMember1 never stopped: it was marked down only because its backlog refused a connection.",
      source: RB51_RETRY_INTERVAL,
    },
  ],
};
