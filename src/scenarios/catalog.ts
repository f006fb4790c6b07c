// What the page knows of each scenario before any simulation runs: its name, summary, seed and length,
// and the sandbox's size limits. No configuration here, so the page's first load stays small; the runs
// themselves (index.ts) travel with the simulation.

export interface ScenarioInfo {
  id: string;
  title: string;
  summary: string;
  defaultSeed: number;
  /** Simulated ms the scenario is meant to run. */
  duration: number;
}

export interface SandboxSize {
  members: number;
  processes: number;
  users: number;
}

export const sandboxLimits = {
  members: [1, 12],
  processes: [1, 8],
  users: [1, 500],
} as const satisfies Record<keyof SandboxSize, readonly [number, number]>;

export const defaultSandbox: SandboxSize = { members: 3, processes: 2, users: 6 };

export const tenStepsInfo: ScenarioInfo = {
  id: 'ten-steps',
  title: 'The ten steps of a failover inside the plug-in',
  summary:
    'A request for /snoop carries clone ID v544d031. PluginMember1 has crashed, so the plug-in fails to get a stream, marks it down, and sends the session to PluginMember2, which reads it from the database once.',
  defaultSeed: 1,
  duration: 6000,
};

/** The scripted scenarios the simulation opens without its lessons (index.ts holds the same, with the runs). */
export const catalog: readonly ScenarioInfo[] = [tenStepsInfo];

/**
 * Every lesson, by id, in the order a course takes them (ten-steps first). The page knows no more of
 * them until the simulation has loaded them and sent their titles; a lesson's own words come with it.
 */
export const lessonIds: readonly string[] = [
  'ten-steps',
  'affinity-basics',
  'clean-stop',
  'time-based-writes',
  'mid-write-crash',
  'post-failover',
  'recovery-window',
  'overload-window',
  'hung-member',
  'memory-to-memory',
  'nothing-left',
  'portal',
];

/** The sandbox of a given size: ten simulated minutes, no script. */
export function sandboxInfo(size: SandboxSize): ScenarioInfo {
  return {
    id: 'sandbox',
    title: `Sandbox: ${size.members} members, ${size.processes} web server processes, ${size.users} users`,
    summary:
      'No script: users browse a shop and change their sessions. Crash, stop or hang a member, or restart a web server process, and watch affinity and failover. Its size and every parameter are under Configuration.',
    defaultSeed: 1,
    duration: 10 * 60 * 1000,
  };
}

export function findInfo(id: string): ScenarioInfo | undefined {
  return catalog.find((s) => s.id === id);
}

/**
 * The scenario and seed a lab opens with: the sandbox when a size is given, else the named scenario (or
 * the first). A lesson the page knows only by its id gets its words, seed and length from the
 * simulation's answer: until then its id stands for its title, and the seed is the one asked for, if any.
 */
export function resolveInfo(options: { scenario?: string; seed?: number; sandbox?: SandboxSize }): {
  scenario: ScenarioInfo;
  seed: number | undefined;
} {
  const id = options.scenario;
  if (!options.sandbox && id && !findInfo(id) && lessonIds.includes(id))
    return { scenario: { id, title: id, summary: '', defaultSeed: 1, duration: 0 }, seed: options.seed };
  const scenario = options.sandbox ? sandboxInfo(options.sandbox) : (id && findInfo(id)) || catalog[0]!;
  return { scenario, seed: options.seed ?? scenario.defaultSeed };
}
