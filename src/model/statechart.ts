// The statechart API the model is written in: XState v5's, limited to what the simulation's own runner
// carries out (simulation/machineRunner.ts, through simulation/xstateDefinitions.ts, which the app's
// bundles load in place of XState). Model files import statecharts from here only, so a feature the
// runner lacks cannot slip in; tests run the same definitions with XState itself.

export { assign, emit, enqueueActions, setup } from 'xstate';
