// The core group's HA manager (DOMAIN.md §6.4): members send heartbeats; one silent for the failure
// detection timeout (default 180 s) is declared failed, a closed socket is noticed at once. It is a
// separate, slower detector: it never marks anything down in the plug-in. Its view of who is alive
// feeds memory-to-memory replication (backups, partition table) and nothing else.

import { enqueueActions, setup } from './statechart.ts';
import type { Effect } from './effects.ts';

export interface HaManagerInput {
  members: readonly string[];
  /** Members already in the view when the run starts (those running at t=0). */
  initiallyAlive: readonly string[];
  /** Seconds between heartbeats (and between this manager's checks). */
  heartbeatInterval: number;
  /** Seconds without a heartbeat before a member is declared failed. */
  failureDetectionTimeout: number;
}

export type MemberView = 'alive' | 'failed' | 'left';

export interface HaManagerContext extends HaManagerInput {
  view: Readonly<Record<string, { status: MemberView; lastHeard: number }>>;
  /** Increases with every change of the view. */
  viewId: number;
}

export type HaManagerEvent = { now: number } & (
  | { type: 'ha.heartbeat'; member: string }
  | { type: 'ha.socketClosed'; member: string }
  | { type: 'ha.leave'; member: string }
  | { type: `xstate.after.${string}` }
);

const base = setup({
  types: {
    context: {} as HaManagerContext,
    input: {} as HaManagerInput,
    events: {} as HaManagerEvent,
    emitted: {} as Effect,
  },
  delays: {
    heartbeatInterval: ({ context }) => context.heartbeatInterval * 1000,
  },
});

/** Members the HA manager currently believes alive, in configuration order. */
export function aliveMembers(c: Pick<HaManagerContext, 'members' | 'view'>): string[] {
  return c.members.filter((m) => c.view[m]?.status === 'alive');
}

/** The new view is announced to the members in it. */
const announce = (c: HaManagerContext, viewId: number, view: HaManagerContext['view']): Effect[] => {
  const alive = aliveMembers({ members: c.members, view });
  return alive.map((m) => ({
    type: 'send' as const,
    to: m,
    event: { type: 'ha.view', viewId, alive },
    text: `view ${viewId}: alive ${alive.join(', ') || 'none'}`,
  }));
};

/** A member leaves the view (failed or left): a new view, a trace line, and the announcement. */
function viewChange(
  status: MemberView,
  event: 'ha.memberFailed' | 'ha.memberLeft',
  text: (member: string) => string,
) {
  const memberOf = (e: HaManagerEvent): string => ('member' in e ? e.member : '');
  return [
    base.assign(({ context, event: e }) => {
      const member = memberOf(e);
      return {
        view: { ...context.view, [member]: { ...context.view[member]!, status } },
        viewId: context.viewId + 1,
      };
    }),
    base.emit(({ event: e }) => ({
      type: 'trace' as const,
      event,
      text: text(memberOf(e)),
      data: { member: memberOf(e) },
    })),
    base.enqueueActions(({ context, enqueue }) => {
      for (const e of announce(context, context.viewId, context.view)) enqueue.emit(e);
    }),
  ];
}

export const haManagerMachine = base.createMachine({
  id: 'haManager',
  context: ({ input }) => ({
    ...input,
    view: Object.fromEntries(
      input.members.map((m) => [
        m,
        { status: (input.initiallyAlive.includes(m) ? 'alive' : 'left') as MemberView, lastHeard: 0 },
      ]),
    ),
    viewId: 1,
  }),
  initial: 'monitoring',
  states: {
    monitoring: {
      description:
        'The coordinator watches heartbeats; a member silent for the failure detection timeout is declared failed.',
      after: {
        heartbeatInterval: {
          target: 'monitoring',
          reenter: true,
          actions: enqueueActions(({ context, event, enqueue }) => {
            const now = (event as { now: number }).now;
            const silent = context.members.filter((m) => {
              const v = context.view[m];
              return v?.status === 'alive' && now - v.lastHeard >= context.failureDetectionTimeout * 1000;
            });
            if (silent.length === 0) return;
            const view = { ...context.view };
            for (const m of silent) {
              view[m] = { ...view[m]!, status: 'failed' };
              enqueue.emit({
                type: 'trace',
                event: 'ha.memberFailed',
                text: `no heartbeat from ${m} for ${context.failureDetectionTimeout} s: the HA manager declares it failed`,
                data: { member: m },
              });
            }
            enqueue.assign({ view, viewId: context.viewId + 1 });
            for (const e of announce(context, context.viewId + 1, view)) enqueue.emit(e);
          }),
        },
      },
      on: {
        'ha.heartbeat': {
          actions: enqueueActions(({ context, event, enqueue }) => {
            const was = context.view[event.member];
            const view = {
              ...context.view,
              [event.member]: { status: 'alive' as MemberView, lastHeard: event.now },
            };
            if (was?.status === 'alive') {
              enqueue.assign({ view });
              return;
            }
            enqueue.assign({ view, viewId: context.viewId + 1 });
            enqueue.emit({
              type: 'trace',
              event: 'ha.memberJoined',
              text: `${event.member} joins the core group view`,
              data: { member: event.member },
            });
            for (const e of announce(context, context.viewId + 1, view)) enqueue.emit(e);
          }),
        },
        'ha.socketClosed': {
          description:
            'The JVM died and its host closed the socket: noticed at once, no need to wait for heartbeats.',
          guard: ({ context, event }) => context.view[event.member]?.status === 'alive',
          actions: viewChange(
            'failed',
            'ha.memberFailed',
            (m) => `${m}'s connection closed: the HA manager declares it failed`,
          ),
        },
        'ha.leave': {
          guard: ({ context, event }) => context.view[event.member]?.status === 'alive',
          actions: viewChange('left', 'ha.memberLeft', (m) => `${m} leaves the core group (clean stop)`),
        },
      },
    },
  },
});
