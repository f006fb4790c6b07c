// Lesson: a crash with time-based writes every 10 s (DOMAIN.md §4.3, §4.6, §4.4): the updates acknowledged
// since the last write die with the JVM, the earlier ones survive in the database, and the lost-data ledger
// names each lost update. End of servlet service, or the Low tuning level, would have lost nothing.

import { defaultConfig } from '../../model/config.ts';
import type { Lesson } from '../scenario.ts';
import { get } from './steps.ts';
import {
  RB51_SESSION_FAILOVER,
  RB61_AFFINITY_FAILOVER,
  TUNING_CUSTOM,
  TUNING_LEVELS,
  WRITE_CONTENTS,
  WRITE_FREQUENCY,
} from '../sources.ts';

export const timeBasedWrites: Lesson = {
  id: 'time-based-writes',
  title: 'A crash with time-based writes loses the last interval of updates',
  summary:
    "u1's session lives in PluginMember1, which writes it to the database every 10 s. u1 updates the cart counter every 2 s; PluginMember1 crashes at 16 s. The updates acknowledged after the write at 10 s are lost, the earlier ones survive, and the lost-data ledger names each one.",
  defaultSeed: 1,
  duration: 25_000,
  config: () => {
    const c = defaultConfig({ members: 3, processes: 1 });
    c.sessionManager.tuningLevel = 'custom';
    c.sessionManager.writeFrequency = 'timeBasedWrite';
    c.sessionManager.writeInterval = 10;
    return c;
  },
  sessions: [{ user: 'u1', sessionId: 'Ezvb7Tb9KdSIgLKvU818p6W', member: 'PluginMember1', counter: 3 }],
  interventions: [
    get(1000),
    get(3000),
    get(5000),
    get(7000),
    get(9000),
    get(11_000),
    get(13_000),
    get(15_000),
    { at: 16_000, action: { kind: 'crash', member: 'PluginMember1' } },
    get(18_000),
  ],
  beats: [
    {
      when: { type: 'session.access', actor: 'PluginMember1' },
      text: "u1's JSESSIONID ends with PluginMember1's clone ID, so every request goes there and is served from PluginMember1's cache. The servlet sets the counter one higher with setAttribute and u1 gets the page, but with time-based writes the change stays in the cache: nothing is written to the database at the end of the request.",
      source: WRITE_FREQUENCY,
    },
    {
      when: { type: 'session.write', actor: 'PluginMember1' },
      text: "At 10 s the time-based writer runs: PluginMember1 writes the session, with everything changed since the last write, to the database. The five updates acknowledged so far are now in the store. This run writes every 10 s with 'Only updated attributes'; the tuning-parameter table lists 'All session attributes' for custom settings while the write-contents page calls 'only updated' the default, and the run follows the latter.",
      source: TUNING_CUSTOM,
    },
    {
      when: { type: 'session.access', actor: 'PluginMember1' },
      text: "u1 goes on changing the counter. From now on each acknowledged update lives only in PluginMember1's cache until the next write, due at 20 s: the database row still holds the counter as it was at 10 s.",
      source: WRITE_FREQUENCY,
    },
    {
      when: { type: 'member.crashed', actor: 'PluginMember1' },
      text: "PluginMember1's JVM is killed at 16 s. A clean stop would have flushed the cached sessions first; a crash gives no such chance, and the cached copy of u1's session dies with the JVM.",
      source: WRITE_FREQUENCY,
    },
    {
      when: { type: 'ledger.lost', data: { user: 'u1' } },
      text: 'The lost-data ledger names every acknowledged update that no copy of the session holds any more: the three made at 11, 13 and 15 s, after the last write. The five made before 10 s survive in the database row. That is the price of time-based writes on failover: up to one write interval of changes.',
      source: WRITE_FREQUENCY,
    },
    {
      when: { type: 'session.readFromStore' },
      text: "u1's next request finds PluginMember1 gone: the plug-in marks it down and sends the request to another member. That member does not have the session in its cache, so it reads it from the database once and caches it (the cache ID goes up by one). The row it reads is the one written at 10 s.",
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u1' },
      text: "The counter goes back: the page showed 11 before the crash and shows 9 now, the 8 written at 10 s plus this request. Nothing told u1 that three acknowledged updates were gone. The cookie now carries PluginMember1's clone ID and then the new member's.",
      source: RB61_AFFINITY_FAILOVER,
    },
    {
      when: { type: 'session.write' },
      text: "The new member carries on with time-based writes. With 'End of servlet service' (the Medium and Low tuning levels) each request's change is written when the servlet's service method ends: the same crash would lose nothing, and the counter would go on at 12.",
      source: TUNING_LEVELS,
    },
    {
      when: { type: 'db.commit', actor: 'database' },
      text: "Write contents matter too. An object fetched with getAttribute and changed in place, without a new setAttribute, is not written with 'Only updated attributes' (the Medium level), unless, with the single-row schema, another attribute was set in the same interval. 'All session attributes' (the Low level, optimize for failover) writes it every time.",
      source: WRITE_CONTENTS,
    },
  ],
};
