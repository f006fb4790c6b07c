// Lesson: a JVM that dies in the middle of a session write, and a write that fails while the JVM lives
// (DOMAIN.md §4.3, §4.8, §2.1): the crashed member's transaction is rolled back, never committed, so the
// member that takes over reads the older row; a non-catastrophic failure rolls one write back while the
// member keeps running and the session stays in its cache.

import { defaultConfig } from '../../model/config.ts';
import type { Lesson } from '../scenario.ts';
import { get } from './steps.ts';
import {
  RB51_KILLING,
  RB51_SESSION_FAILOVER,
  WAS35_SESSION_CLUSTERING,
  WRITE_FREQUENCY,
} from '../sources.ts';

export const midWriteCrash: Lesson = {
  id: 'mid-write-crash',
  title: 'A JVM that dies in the middle of writing the session',
  summary:
    "u1's session lives in PluginMember1, which writes it to the database at the end of every request; each write takes two seconds. PluginMember1 is killed in the middle of a write: the database rolls the transaction back and PluginMember2 reads the older row. Then one of PluginMember2's writes fails without killing the JVM: only that write is rolled back, and the session stays in its cache.",
  defaultSeed: 1,
  duration: 20_000,
  config: () => {
    const c = defaultConfig({ members: 2, processes: 1 });
    c.sessionManager.tuningLevel = 'custom';
    c.sessionManager.writeFrequency = 'endOfServletService';
    // A slow database: two seconds from the start of a session write to its commit.
    c.database.writeTime = 2000;
    return c;
  },
  sessions: [{ user: 'u1', sessionId: 'Q7pW2xLmR4tYvN8bK3sDfGh', member: 'PluginMember1', counter: 3 }],
  interventions: [
    get(1000),
    { at: 2000, action: { kind: 'crash', member: 'PluginMember1' } },
    { at: 6000, action: { kind: 'writeError', member: 'PluginMember2' } },
    get(8000),
    get(14_000),
  ],
  beats: [
    {
      // The request's own statechart: its state while the session manager writes (tagged `writing`).
      when: { tag: 'writing', actor: 'PluginMember1' },
      text: "u1's request reaches PluginMember1 by affinity; the servlet sets the counter from 3 to 4. With end-of-servlet-service writes the session manager writes the session when the service method ends: the request is now writing. In this lab the answer waits for the write to finish (the documents do not say when the response leaves), so u1 has no answer yet.",
      source: WRITE_FREQUENCY,
    },
    {
      when: { type: 'db.begin', data: { member: 'PluginMember1' } },
      text: 'The database begins a transaction for the write. This slow database needs two seconds to commit it.',
      source: WRITE_FREQUENCY,
    },
    {
      when: { type: 'member.crashed', actor: 'PluginMember1' },
      text: "PluginMember1's JVM is killed while the write is still open. Its cache goes with it, and so does the request in progress: u1 has had no answer yet.",
      source: RB51_KILLING,
    },
    {
      when: { type: 'db.rollback', data: { member: 'PluginMember1' } },
      text: 'The database loses the connection from the dead JVM and rolls the open transaction back. A JVM that dies in the middle of writing commits nothing: the row still holds the session as it was before, counter 3.',
      source: WAS35_SESSION_CLUSTERING,
    },
    {
      when: { type: 'session.readFromStore', actor: 'PluginMember2' },
      text: "The plug-in's connection to PluginMember1 broke while it waited for the response: it marks PluginMember1 down and sends the same request to PluginMember2 (here the request in flight is re-sent; the Redbook warns that this does not happen for every request). PluginMember2 reads the session from the database once: the older row, counter 3, as if the update had never been made. The cache ID goes up by one.",
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u1' },
      text: 'u1 sees counter 4, made a second time by PluginMember2 on the older row. In this lab the update PluginMember1 never committed was never acknowledged either, so u1 lost nothing it had seen. Had the crash come after the commit, PluginMember2 would have read the new row: a committed write survives.',
      source: WAS35_SESSION_CLUSTERING,
    },
    {
      when: { type: 'fault.writeError', data: { member: 'PluginMember2' } },
      text: "Now a failure that does not kill the JVM: PluginMember2's next session write will fail (think of a database error in the middle of the update).",
      source: WAS35_SESSION_CLUSTERING,
    },
    {
      when: { type: 'session.notWritten', actor: 'PluginMember2' },
      text: 'The write of counter 5 fails and the database rolls it back to the state before the write began: the row still says 4. The lab’s model (the source does not say) keeps the session in PluginMember2’s cache at 5 and answers: u1 sees counter 5.',
      source: WAS35_SESSION_CLUSTERING,
    },
    {
      when: { type: 'db.commit', data: { member: 'PluginMember2' } },
      text: 'The next request is served from the cache (no read from the database) and sets the counter to 6; this write commits, and the row catches up with the cache. Between the two writes the row lagged the cache: a crash in that window would have lost counter 5.',
      source: WAS35_SESSION_CLUSTERING,
    },
  ],
};
