// The chart of each kind of actor, for the statechart view: the machine the world runs for that kind,
// read from the state nodes the runner builds (the worker loads this when the page first asks for one).

import { browserMachine } from '../model/browserMachine.ts';
import { clusterMemberMachine } from '../model/clusterMemberMachine.ts';
import { databaseStoreMachine } from '../model/databaseStoreMachine.ts';
import { haManagerMachine } from '../model/haManagerMachine.ts';
import { memberRequestMachine } from '../model/memberRequestMachine.ts';
import { pluginProcessMachine } from '../model/pluginProcessMachine.ts';
import { pluginRequestMachine } from '../model/pluginRequestMachine.ts';
import type { ActorKind } from './actors.ts';
import { buildMachine, type MachineLogic, type StateNode, type StateTransition } from './machineRunner.ts';

/** A state of a chart: its dotted path (the root is ''), where it sits, and what it says. */
export interface ChartState {
  path: string;
  key: string;
  parent: string | null;
  type: 'atomic' | 'compound' | 'parallel' | 'final';
  /** The state its parent enters first. */
  initial: boolean;
  tags: readonly string[];
  description: string | null;
}

/** A transition of a chart: from a state to one, on an event (`after serviceTime`, `always`, `done`). */
export interface ChartTransition {
  from: string;
  to: string;
  event: string;
  guard: string | null;
}

export interface StatechartGraph {
  id: string;
  states: ChartState[];
  transitions: ChartTransition[];
}

/** How a chart names an event: a delay or a state's completion in words, the rest as written. */
function eventWords(event: string, source: StateNode): string {
  const after = 'xstate.after.';
  if (event.startsWith(after) && event.endsWith(`.${source.id}`))
    return `after ${event.slice(after.length, event.length - source.id.length - 1)}`;
  if (event.startsWith('xstate.done.state.')) return 'done';
  return event;
}

const guardName = (guard: unknown): string | null =>
  guard === undefined
    ? null
    : typeof guard === 'string'
      ? guard
      : typeof guard === 'object' && guard !== null && 'type' in guard
        ? String((guard as { type: unknown }).type)
        : 'a condition';

/**
 * The chart of a machine as its config describes it (states, their tags and descriptions, every
 * transition with a target), built the way the runner builds it, so the view draws what runs.
 */
export function graphOf(logic: MachineLogic): StatechartGraph {
  const root = buildMachine(logic);
  const path = (n: StateNode): string => n.path.join('.');
  const states: ChartState[] = [];
  const transitions: ChartTransition[] = [];
  const visit = (n: StateNode): void => {
    states.push({
      path: path(n),
      key: n.key,
      parent: n.parent ? path(n.parent) : null,
      type: n.type,
      initial: n.parent?.type === 'compound' && n.parent.initial.target[0] === n,
      tags: n.tags,
      description: n.description ?? null,
    });
    const add = (event: string, list: readonly StateTransition[] | undefined): void => {
      for (const t of list ?? []) {
        // A transition without a target handles its event where it is: it is the state's own.
        const targets = t.target && t.target.length > 0 ? t.target : [n];
        for (const target of targets)
          transitions.push({ from: path(n), to: path(target), event, guard: guardName(t.guard) });
      }
    };
    for (const [event, list] of n.transitions) add(eventWords(event, n), list);
    add('always', n.always);
    for (const c of n.children) visit(c);
  };
  visit(root);
  return { id: logic.id, states, transitions };
}

const machines: Record<ActorKind, unknown> = {
  browser: browserMachine,
  process: pluginProcessMachine,
  walk: pluginRequestMachine,
  member: clusterMemberMachine,
  request: memberRequestMachine,
  database: databaseStoreMachine,
  haManager: haManagerMachine,
};

const known = new Map<ActorKind, StatechartGraph>();

/** The chart of the machine actors of `kind` run (worked out once). */
export function chartOf(kind: ActorKind): StatechartGraph {
  let g = known.get(kind);
  if (!g) known.set(kind, (g = graphOf(machines[kind] as MachineLogic)));
  return g;
}
