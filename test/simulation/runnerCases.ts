// Whole runs that between them take every machine through every kind of transition it has: a busy
// cluster with faults in each persistence mode, the plug-in's timeouts and retries, the ten-steps
// scenario. The machine runner's tests run them against xstate itself.

import { defaultConfig, type LabConfig } from '../../src/model/config.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import type { RunSpec } from '../../src/simulation/world.ts';

const faults = (members: string[]): RunSpec['interventions'] => [
  { at: 8000, action: { kind: 'crash', member: members[1]! } },
  { at: 15000, action: { kind: 'start', member: members[1]! } },
  { at: 20000, action: { kind: 'hang', member: members[2]! } },
  { at: 26000, action: { kind: 'crash', member: members[2]! } },
  { at: 30000, action: { kind: 'stop', member: members[0]! } },
  { at: 31000, action: { kind: 'start', member: members[2]! } },
  { at: 34000, action: { kind: 'restartProcess', process: 1 } },
  { at: 36000, action: { kind: 'start', member: members[0]! } },
];

/** Three members, two processes, twenty users and the faults above, changed by `change`. */
export function busy(
  change: (c: LabConfig) => void,
  extra: RunSpec['interventions'] = [],
  seed = 42,
): RunSpec {
  const config = defaultConfig({ members: 3, processes: 2 });
  config.memberRuntime.startupTime = 3000;
  change(config);
  const members = config.plugin.cluster.servers.map((s) => s.memberName);
  return {
    config,
    seed,
    workload: { users: 20, thinkTime: [300, 3000], updateShare: 0.6 },
    interventions: [...(faults(members) ?? []), ...(extra ?? [])],
  };
}

export interface RunnerCase {
  name: string;
  spec: RunSpec;
  until: number;
  /** Trace text the run must contain (so the case goes where it is meant to). */
  seen: readonly string[];
}

export const runnerCases: readonly RunnerCase[] = [
  {
    name: 'a busy cluster with a session database, time-based writes and faults',
    spec: busy(() => {}, [
      { at: 12000, action: { kind: 'databaseDown' } },
      { at: 14000, action: { kind: 'databaseUp' } },
      { at: 17000, action: { kind: 'writeError', member: 'PluginMember1', reason: 'deadlock' } },
    ]),
    until: 45000,
    seen: ['session.write', 'fault.crash'],
  },
  {
    name: 'end-of-service writes, multi-row schema, scheduled cleanup and the application stopped',
    spec: busy(
      (c) => {
        c.sessionManager.writeFrequency = 'endOfServletService';
        c.sessionManager.multiRowSchema = true;
        c.sessionManager.scheduledCleanup = true;
        c.sessionManager.sessionTimeout = 2;
        c.memberRuntime.invalidatorInterval = 5;
      },
      [
        { at: 9000, action: { kind: 'stopApplication', member: 'PluginMember3' } },
        { at: 13000, action: { kind: 'startApplication', member: 'PluginMember3' } },
      ],
    ),
    until: 45000,
    seen: ['session.write'],
  },
  {
    name: 'memory-to-memory replication, the DWLM table, the HA manager and an unreachable host',
    spec: busy(
      (c) => {
        c.sessionManager.persistence = 'memoryToMemory';
        c.plugin.cluster.getDWLMTable = true;
      },
      [
        { at: 12000, action: { kind: 'hostDown', member: 'PluginMember3' } },
        { at: 25000, action: { kind: 'hostUp', member: 'PluginMember3' } },
      ],
      9,
    ),
    until: 45000,
    seen: ['session.fromReplica', 'ha.view', 'dropped: host unreachable'],
  },
  {
    name: 'WAS 5.1 memory-to-memory: a multi-broker domain with its groups split, and no HA manager',
    spec: busy(
      (c) => {
        c.version = '5.1';
        c.sessionManager.persistence = 'memoryToMemory';
        c.plugin.cluster.servers.forEach((s, i) => (s.listensTo = [i + 1, ((i + 1) % 3) + 1]));
      },
      [],
      5,
    ),
    until: 45000,
    seen: ['through the replicator to group', 'session.fromReplica'],
  },
  {
    name: 'the plug-in timeouts, handshakes, 100 Continue, small buffers and connection limits',
    spec: busy((c) => {
      c.plugin.cluster.postBufferSize = 2;
      c.plugin.cluster.postSizeLimit = 6;
      c.plugin.cluster.serverIOTimeoutRetry = 1;
      c.plugin.cluster.loadBalance = 'Random';
      c.memberRuntime.webContainerThreads = 2;
      c.memberRuntime.listenBacklog = 2;
      c.plugin.cluster.servers.forEach((s, i) => {
        s.serverIOTimeout = i === 0 ? 3 : -4;
        s.extendedHandshake = i === 1;
        s.waitForContinue = i === 2;
        s.maxConnections = i === 0 ? 3 : -1;
      });
    }),
    until: 45000,
    seen: ['plugin.handshake', 'plugin.expectContinue', 'ServerIOTimeout fired', 'plugin.markDown'],
  },
  {
    name: 'the portal, no persistence and the bench’s negative ServerIOTimeout',
    spec: busy((c) => {
      c.sessionManager.persistence = 'none';
      c.portal.enabled = true;
      for (const s of c.plugin.cluster.servers) s.serverIOTimeout = -10;
    }),
    until: 45000,
    seen: ['plugin.markDown'],
  },
  {
    name: 'the ten-steps scenario',
    spec: runSpecOf(tenSteps),
    until: tenSteps.duration,
    seen: ['plugin.markDown'],
  },
];
