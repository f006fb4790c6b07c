// One web server child process with its own copy of the plug-in's state (DOMAIN.md §6.3): weights, the
// round-robin position (random start), mark-downs with retry deadlines, pending connections, pooled
// streams and, with memory-to-memory, its own partition table. Each request the web server hands it
// gets a walk (pluginRequestMachine); walks report what they did to the table here.

import { assign, enqueueActions, setup } from './statechart.ts';
import type { ClusterConfig } from './config.ts';
import type { Effect } from './effects.ts';
import {
  initialServerTable,
  reloadedTable,
  resetWeights,
  type ServerState,
  type ServerTable,
} from './routing.ts';

export interface PluginProcessInput {
  /** 1-based process number, shown as `ihs#k`. */
  index: number;
  cluster: ClusterConfig;
  /** Where round robin starts in this process: a draw from the world's generator (DOMAIN.md §2.2). */
  rrStart: number;
  ignoreAffinityRequestsSupported: boolean;
  /** The partition table the process already holds (it has served the cluster before); none when fresh (PK48101). */
  partitions?: ServerTable['partitions'];
  /** When the process started (ms): it read plugin-cfg.xml then. */
  startedAt: number;
}

export interface PluginProcessContext {
  index: number;
  /** The ServerCluster as this process last read it from plugin-cfg.xml. */
  cluster: ClusterConfig;
  /**
   * When the process last checked plugin-cfg.xml for a change (ms): once RefreshInterval has passed, the
   * next request it takes makes it check again (DOMAIN.md §1.1).
   */
  configCheckedAt: number;
  table: ServerTable;
  ignoreAffinityRequestsSupported: boolean;
}

type MemberEvent = { member: string };
export type PluginProcessEvent = { now: number } & (
  | ({
      type: 'plugin.assign';
      affinity: boolean;
      reset: boolean;
      probe: boolean;
      sameMember: boolean;
      /** The stream comes from the pooled connection queue. */
      pooled: boolean;
    } & MemberEvent)
  | ({ type: 'plugin.markDown' } & MemberEvent)
  | ({ type: 'plugin.release'; probe: boolean; dwlm?: NonNullable<ServerTable['partitions']> } & MemberEvent)
  | ({ type: 'plugin.abandon'; keepAlive: boolean; probe: boolean } & MemberEvent)
  /** A request came after RefreshInterval: the process checked plugin-cfg.xml and found it changed
   * (`changed` names the settings, `path=value`), or as it was. */
  | { type: 'plugin.reload'; cluster: ClusterConfig; changed: readonly string[] }
  | { type: 'plugin.configChecked' }
);

function update(
  table: ServerTable,
  member: string,
  change: (s: ServerState) => Partial<ServerState>,
): ServerTable {
  const s = table.servers[member];
  if (!s) return table;
  return { ...table, servers: { ...table.servers, [member]: { ...s, ...change(s) } } };
}

export const pluginProcessMachine = setup({
  types: {
    context: {} as PluginProcessContext,
    input: {} as PluginProcessInput,
    events: {} as PluginProcessEvent,
    emitted: {} as Effect,
  },
}).createMachine({
  id: 'pluginProcess',
  context: ({ input }) => ({
    index: input.index,
    cluster: input.cluster,
    configCheckedAt: input.startedAt,
    table: { ...initialServerTable(input.cluster, input.rrStart), partitions: input.partitions ?? null },
    ignoreAffinityRequestsSupported: input.ignoreAffinityRequestsSupported,
  }),
  initial: 'running',
  states: {
    running: {
      description: 'The process accepts requests and hands each to the plug-in.',
      on: {
        'plugin.assign': {
          description:
            'A request is assigned to a member: its weight drops by one unless the request came by affinity and IgnoreAffinityRequests is true.',
          actions: assign(({ context, event }) => {
            if (event.sameMember) {
              // A retry on a new connection after a broken pooled socket: the same assignment, not a new one.
              return {
                table: update(context.table, event.member, (s) => ({
                  pendingConnections: s.pendingConnections + 1,
                })),
              };
            }
            let table = event.reset ? resetWeights(context.table, context.cluster) : context.table;
            const ignore = context.cluster.ignoreAffinityRequests || !context.ignoreAffinityRequestsSupported;
            const decrement = !(event.affinity && ignore);
            table = update(table, event.member, (s) => ({
              weight: decrement ? s.weight - 1 : s.weight,
              pendingConnections: s.pendingConnections + 1,
              pooledStreams: event.pooled ? Math.max(0, s.pooledStreams - 1) : s.pooledStreams,
              totalConnections: s.totalConnections + 1,
              affinityConnections: s.affinityConnections + (event.affinity ? 1 : 0),
              beingRetried: event.probe ? true : s.beingRetried,
            }));
            if (!event.affinity) {
              const primaries = context.cluster.servers.filter((s) => s.role === 'primary');
              const at = primaries.findIndex((s) => s.memberName === event.member);
              if (at >= 0) table = { ...table, rrIndex: (at + 1) % primaries.length };
            }
            return { table };
          }),
        },
        'plugin.markDown': {
          description:
            'The member gave no stream: mark it down and start its retry timer; its pooled streams are discarded.',
          actions: assign(({ context, event }) => ({
            table: update(context.table, event.member, (s) => ({
              markedDown: true,
              retryAt: event.now + context.cluster.retryInterval * 1000,
              beingRetried: false,
              pooledStreams: 0,
              pendingConnections: Math.max(0, s.pendingConnections - 1),
              failedConnections: s.failedConnections + 1,
            })),
          })),
        },
        'plugin.release': {
          description:
            'A response came back: the stream goes back to the queue; only the probe after the retry interval clears a mark-down.',
          actions: [
            enqueueActions(({ context, event, enqueue }) => {
              if (event.probe && context.table.servers[event.member]?.markedDown) {
                enqueue.emit({
                  type: 'trace',
                  event: 'plugin.markUp',
                  text: `${event.member} answered after its retry interval: no longer marked down`,
                  data: { member: event.member },
                });
              }
              if (!event.dwlm) return;
              const had = context.table.partitions;
              if (had && had.viewId >= event.dwlm.viewId) return;
              enqueue.emit({
                type: 'trace',
                event: 'plugin.partitionTable',
                text: `${had ? 'newer' : 'first'} partition table (view ${event.dwlm.viewId}): ${Object.entries(
                  event.dwlm.table,
                )
                  .map(([p, ms]) => `${p} → ${ms.join(', ')}`)
                  .join('; ')}`,
                data: { viewId: event.dwlm.viewId },
              });
            }),
            assign(({ context, event }) => {
              const table = update(context.table, event.member, (s) => ({
                pendingConnections: Math.max(0, s.pendingConnections - 1),
                pooledStreams: s.pooledStreams + 1,
                ...(event.probe ? { markedDown: false, retryAt: null, beingRetried: false } : {}),
              }));
              const newer = event.dwlm && (!table.partitions || table.partitions.viewId < event.dwlm.viewId);
              return { table: newer ? { ...table, partitions: event.dwlm! } : table };
            }),
          ],
        },
        'plugin.reload': {
          description:
            'RefreshInterval had passed since the last check, so a request made the process check plugin-cfg.xml: it changed, and the process reads it again; the request and those after it use the new ServerCluster and Server settings.',
          actions: [
            enqueueActions(({ context, event, enqueue }) => {
              if (event.type !== 'plugin.reload') return;
              enqueue.emit({
                type: 'trace',
                event: 'plugin.reload',
                text: `ihs#${context.index} reads plugin-cfg.xml again (a request came after RefreshInterval, and the file has changed): ${event.changed.join(', ')}`,
                data: { changed: event.changed.join(' ') },
              });
            }),
            assign(({ context, event }) =>
              event.type === 'plugin.reload'
                ? {
                    cluster: event.cluster,
                    table: reloadedTable(context.table, context.cluster, event.cluster),
                    configCheckedAt: event.now,
                  }
                : {},
            ),
          ],
        },
        'plugin.configChecked': {
          description: 'A request made the process check plugin-cfg.xml: unchanged, nothing to read again.',
          actions: assign(({ event }) => ({ configCheckedAt: event.now })),
        },
        'plugin.abandon': {
          actions: assign(({ context, event }) => ({
            table: update(context.table, event.member, (s) => ({
              pendingConnections: Math.max(0, s.pendingConnections - 1),
              pooledStreams: event.keepAlive ? s.pooledStreams + 1 : s.pooledStreams,
              beingRetried: event.probe ? false : s.beingRetried,
            })),
          })),
        },
      },
    },
  },
});
