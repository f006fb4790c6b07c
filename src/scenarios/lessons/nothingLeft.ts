// Lesson: when no member can take a request (DOMAIN.md §2.8, §1.4, §2.7). PluginMember3 is a backup server:
// while a primary can take u1's request it stays idle; the primaries crash one after the other, the backup
// takes over, then it crashes too and the plug-in answers 500 (WebSphere 8.5.5, before PH46938). The last
// beat sets the 503 of members all at MaxConnections against it.

import { defaultConfig } from '../../model/config.ts';
import type { Lesson } from '../scenario.ts';
import { get } from './steps.ts';
import {
  APAR_PH46938,
  APAR_PM12112,
  BALANCING_WORKLOADS,
  RB51_SESSION_FAILOVER,
  RB_PRIMARY_BACKUP,
} from '../sources.ts';

export const nothingLeft: Lesson = {
  id: 'nothing-left',
  title: 'Nothing left: backup servers, then 500 when every member is down',
  summary:
    "PluginMember3 is listed under BackupServers. The primaries crash one after the other: u1's session goes to PluginMember2, then to the backup, which the plug-in uses only now that no primary is left. When the backup crashes too, WebSphere 8.5.5's plug-in (without PH46938) has nowhere to send the request and answers 500, the next time without trying anyone.",
  defaultSeed: 1,
  duration: 20_000,
  config: () => {
    // WebSphere 8.5.5's plug-in defaults (PM12112 spreading on, PH46938 off, RetryInterval 60 s); the third
    // member is a backup server. Writes at the end of each servlet service, on purpose: no crash here loses an
    // update, so the run shows only where requests can go.
    const c = defaultConfig({ members: 3, processes: 1 });
    c.plugin.cluster.servers[2]!.role = 'backup';
    c.sessionManager.tuningLevel = 'custom';
    c.sessionManager.writeFrequency = 'endOfServletService';
    return c;
  },
  sessions: [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 3 }],
  interventions: [
    get(1000),
    { at: 3000, action: { kind: 'crash', member: 'PluginMember1' } },
    get(5000),
    { at: 8000, action: { kind: 'crash', member: 'PluginMember2' } },
    get(10_000),
    { at: 14_000, action: { kind: 'crash', member: 'PluginMember3' } },
    get(16_000),
    get(18_000),
  ],
  beats: [
    {
      when: { type: 'session.access', actor: 'PluginMember1' },
      text: "u1's session lives in PluginMember1, whose clone ID ends the JSESSIONID. The plug-in has two primary servers, PluginMember1 and PluginMember2; PluginMember3 is in the BackupServers list, so load balancing never sends it anything while a primary can take the request.",
      source: RB_PRIMARY_BACKUP,
    },
    {
      when: { type: 'plugin.markDown', data: { member: 'PluginMember1' } },
      text: 'PluginMember1 has crashed. The next request for u1 finds its connection reset and a new one refused: the plug-in marks PluginMember1 down for the retry interval (60 s) and looks for another member.',
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'session.readFromStore', actor: 'PluginMember2' },
      text: 'The replacement is a primary: since PM12112 the plug-in spreads orphaned sessions over the usable primary servers, and the only one left is PluginMember2. The backup stays idle. PluginMember2 reads the session from the database once; the cookie now carries both clone IDs.',
      source: APAR_PM12112,
    },
    {
      when: { type: 'plugin.markDown', data: { member: 'PluginMember2' } },
      text: 'PluginMember2 has crashed too. The plug-in skips PluginMember1 (marked down, its retry timer running), tries PluginMember2, fails and marks it down as well. No primary server is usable any more.',
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'plugin.step', data: { step: 9, pick: 'PluginMember3', choice: 'backup' } },
      text: 'Only now does the backup server come into play: with every primary unusable, the plug-in takes the first usable server in the BackupServers list, strictly in the order listed, with no round robin among backups.',
      source: RB_PRIMARY_BACKUP,
    },
    {
      when: { type: 'session.readFromStore', actor: 'PluginMember3' },
      text: "PluginMember3 reads u1's session from the database once, like any replacement, and appends its clone ID: u1 goes on with the counter where PluginMember2 left it (this run writes at the end of each servlet service, so the crashes lose no update).",
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'plugin.error', data: { status: 500 } },
      text: 'The backup has crashed as well. The plug-in marks PluginMember3 down and finds no member left, primary or backup: it answers 500 Internal Server Error itself. No cluster member served this request.',
      source: APAR_PH46938,
    },
    {
      when: { type: 'plugin.allDown' },
      text: 'Two seconds later every member is still marked down and none is due for retry, so the plug-in does not even try a connection: 500 again at once. This run follows WebSphere 8.5.5 without PH46938; with that APAR (new function in recent fix packs) the plug-in still attempts a server when all are marked down.',
      source: APAR_PH46938,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u1', data: { status: 500 } },
      text: 'u1 sees the 500 until a retry interval is over and a member answers. Busy is not down: had every member been up but at its MaxConnections for this web server process, the plug-in would have answered 503 Service Unavailable instead, and marked no member down.',
      source: BALANCING_WORKLOADS,
    },
  ],
};
