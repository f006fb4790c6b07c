// Lesson: memory-to-memory replication instead of a database (DOMAIN.md §5, §3.4). Peer-to-peer, one
// replica: u1's session ID carries PluginMember3's partition ID, and PluginMember3 copies the session to
// PluginMember1. When PluginMember3 crashes, the plug-in's partition table sends the request straight to
// PluginMember1, which takes the session over from its own backup (hot failover). The last beats tell
// what client/server mode would do instead (the replacement fetches the session), PK48101 (a web server
// process started later has no partition table) and what a cluster down to two members loses.

import { defaultConfig } from '../../model/config.ts';
import type { Lesson } from '../scenario.ts';
import { get } from './steps.ts';
import {
  APAR_PK48101,
  CORE_GROUP_FAILURE_DETECTION,
  HOT_FAILOVER,
  M2M_PEER_TO_PEER,
  M2M_REPLICATION,
  RB61_PARTITION_ID,
} from '../sources.ts';

export const memoryToMemory: Lesson = {
  id: 'memory-to-memory',
  title: 'Memory-to-memory replication: hot failover to the member holding the backup',
  summary:
    "No database: each member copies its sessions to another member. u1's session lives in PluginMember3 and its backup in PluginMember1; when PluginMember3 crashes, the plug-in's partition table sends u1 straight to PluginMember1, which takes the session over from its own copy. Later a fresh web server process without a partition table load balances u1, and a second crash leaves the session with no backup at all.",
  defaultSeed: 1,
  duration: 45_000,
  config: () => {
    const c = defaultConfig({ members: 3, processes: 1 });
    // Peer-to-peer (every member both sends and keeps copies), one replica: the default topology.
    c.sessionManager.persistence = 'memoryToMemory';
    // As the generated plugin-cfg.xml has it with memory-to-memory: the plug-in asks for the partition table.
    c.plugin.cluster.getDWLMTable = true;
    // Every change is copied right after the response, so the backup is never behind.
    c.sessionManager.tuningLevel = 'custom';
    c.sessionManager.writeFrequency = 'endOfServletService';
    return c;
  },
  sessions: [{ user: 'u1', sessionId: 'P4rT1t10nXq8LmZ2vB7wKd3', member: 'PluginMember3', counter: 3 }],
  interventions: [
    get(1000),
    { at: 3000, action: { kind: 'crash', member: 'PluginMember3' } },
    get(5000),
    get(8000),
    { at: 20_000, action: { kind: 'restartProcess', process: 1 } },
    get(22_000),
    get(25_000),
    { at: 30_000, action: { kind: 'crash', member: 'PluginMember2' } },
    get(32_000),
  ],
  beats: [
    {
      when: { type: 'session.access', actor: 'PluginMember3' },
      text: 'u1\'s JSESSIONID does not end with a clone ID but with a partition ID, 1015838: with WAS 6+ memory-to-memory in peer-to-peer mode (5.x kept clone IDs; this run is 8.5.5) the session ID carries the partition the session belongs to. The plug-in (GetDWLMTable="true") holds a partition table from the cluster members: partition 1015838 belongs to PluginMember3, so the request goes there, and PluginMember3 serves it from its cache.',
      source: RB61_PARTITION_ID,
    },
    {
      when: { type: 'replica.update', actor: 'PluginMember3' },
      text: "There is no session database. Each member sends a copy of the sessions it owns to another member (single replica, the default), and keeps copies of the others: PluginMember3 sends u1's session to PluginMember1. This lab writes at the end of every servlet service, so the copy leaves right after each response; with time-based writes it would be up to one write interval behind.",
      source: M2M_REPLICATION,
    },
    {
      when: { type: 'member.crashed', actor: 'PluginMember3' },
      text: "PluginMember3's JVM is killed, and u1's session with it: only the backup in PluginMember1 is left. Its core group connection closes, so the HA manager declares it failed at once and the other members get a new view. The plug-in is not told now: its down-marks come only from its own connections; only its partition table, fed by the HA manager, will later reflect the failure.",
      source: CORE_GROUP_FAILURE_DETECTION,
    },
    {
      when: { type: 'plugin.markDown', data: { member: 'PluginMember3' } },
      text: "u1's next request follows partition 1015838 to PluginMember3: the kept-alive connection is reset, a new one is refused, and the plug-in marks PluginMember3 down. To pick a replacement it does not load balance: its partition table says PluginMember1 holds the backup of partition 1015838, so it sends the request straight there.",
      source: HOT_FAILOVER,
    },
    {
      when: { type: 'session.fromReplica', actor: 'PluginMember1' },
      text: "PluginMember1 already has u1's session: the backup copy PluginMember3 sent it. It takes the session over as its own, without asking another member and without reading any database; the cache ID goes from 0000 to 0001 because PluginMember1 took it from outside its own cache (affinity broke). That is session hot failover.",
      source: HOT_FAILOVER,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u1' },
      text: "u1 sees the counter go on from where it was: the backup held every change. The JSESSIONID keeps the same partition ID, 1015838; the newer partition table that came back with the response now maps that partition to PluginMember1, so u1's next requests stay there.",
      source: RB61_PARTITION_ID,
    },
    {
      when: { type: 'replica.update', actor: 'PluginMember1' },
      text: "PluginMember1 now owns the session and copies it to PluginMember2. In client/server mode there would be no partition IDs and no hot failover: members in client mode only send copies, a member in server mode only keeps them, the JSESSIONID would carry clone IDs, and the member the plug-in fails over to would fetch u1's session from the replication server, become its owner and append its clone ID.",
      source: M2M_REPLICATION,
    },
    {
      when: { type: 'plugin.balance', actor: 'ihs#1' },
      text: "ihs#1 was replaced by a fresh web server process at 20 s. Its plug-in state starts empty: no down-marks and no partition table yet, so it cannot map u1's partition ID and load balances u1's request like a new one (PK48101). Round robin may pick the crashed PluginMember3 (which this process must discover again), then another member: only if that is PluginMember1, the owner, does affinity hold, and that is luck. The response brings the table, and u1's later requests follow the partition again.",
      source: APAR_PK48101,
    },
    {
      when: { type: 'replica.none', actor: 'PluginMember1' },
      text: "PluginMember2 crashed at 30 s, taking the backup with it. PluginMember1 is the only member left: when it writes u1's session, no member can keep a copy, and the session lives in one JVM only. A two-member cluster is in this state as soon as one member fails: peer-to-peer needs at least two members running, and until the other one is back the survivor's sessions have no backup.",
      source: M2M_PEER_TO_PEER,
    },
  ],
};
