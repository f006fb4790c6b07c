// What the app's bundles load in place of the `xstate` package (vite.config.ts aliases it): the part of
// XState v5's API the model's machine definitions call (setup, createMachine, assign, emit,
// enqueueActions), returning the same definitions as plain data for machineRunner.ts to run. The model
// is written, type-checked and tested against XState itself; a test runs whole worlds both ways and
// compares their traces.

import { builtin, type Action, type MachineLogic } from './machineRunner.ts';

interface Implementations {
  actions?: Record<string, unknown>;
  guards?: Record<string, unknown>;
  delays?: Record<string, unknown>;
  actors?: Record<string, unknown>;
}

/** A machine definition: its id, its config as written, and the implementations given to `setup`. */
function createMachine(config: { id?: string }, implementations: Implementations = {}): MachineLogic {
  return {
    id: config.id ?? '(machine)',
    config,
    implementations: {
      actions: implementations.actions ?? {},
      guards: implementations.guards ?? {},
      delays: implementations.delays ?? {},
    },
  };
}

/** Names the implementations that `createMachine` configs refer to (the `types` are for the compiler only). */
export function setup(implementations: Implementations & { types?: unknown }) {
  return {
    assign,
    emit,
    enqueueActions,
    createStateConfig: <T>(config: T): T => config,
    createMachine: (config: { id?: string }): MachineLogic => createMachine(config, implementations),
  };
}

export function assign(assignment: unknown): Action {
  return builtin('xstate.assign', assignment);
}

export function emit(event: unknown): Action {
  return builtin('xstate.emit', event);
}

export function enqueueActions(collect: (args: unknown, params: unknown) => void): Action {
  return builtin('xstate.enqueueActions', collect);
}
