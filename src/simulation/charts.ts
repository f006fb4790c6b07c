// The chart of each kind of actor, for the statechart view: the machine the world runs for that kind.

import { browserMachine } from '../model/browserMachine.ts';
import { clusterMemberMachine } from '../model/clusterMemberMachine.ts';
import { databaseStoreMachine } from '../model/databaseStoreMachine.ts';
import { haManagerMachine } from '../model/haManagerMachine.ts';
import { memberRequestMachine } from '../model/memberRequestMachine.ts';
import { pluginProcessMachine } from '../model/pluginProcessMachine.ts';
import { pluginRequestMachine } from '../model/pluginRequestMachine.ts';
import type { ActorKind } from './actors.ts';
import { graphOf, type MachineLogic, type StatechartGraph } from './machineRunner.ts';

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
