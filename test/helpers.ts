import { defaultConfig, type LabConfig } from '../src/model/config.ts';
import { validateConfig } from '../src/model/parameters.ts';
import { detailsOf, type TraceEntry, type TraceType } from '../src/simulation/trace.ts';
import { parseAction } from '../src/simulation/actionWords.ts';
import { World, type Intervention, type RunSpec } from '../src/simulation/world.ts';

/** A two-member lab with one process unless told otherwise, adjusted by `change`. */
export function lab(
  change: (c: LabConfig) => void = () => {},
  options: { members?: number; processes?: number } = {},
): LabConfig {
  const c = defaultConfig({ members: options.members ?? 2, processes: options.processes ?? 1 });
  change(c);
  return c;
}

/** A lab whose sessions are replicated memory to memory, written at the end of each servlet service, with
 * the plug-in asking for the partition table (as the generated plugin-cfg.xml has it). */
export const m2m = (members = 3, change: (c: LabConfig) => void = () => {}): LabConfig =>
  lab(
    (c) => {
      c.sessionManager.persistence = 'memoryToMemory';
      c.sessionManager.writeFrequency = 'endOfServletService';
      c.plugin.cluster.getDWLMTable = true;
      change(c);
    },
    { members, processes: 1 },
  );

export function get(
  user: string,
  at: number,
  extra: Partial<{ op: { kind: 'view' } | { kind: 'increment' }; url: string; process: number }> = {},
): Intervention {
  return {
    at,
    action: {
      kind: 'request',
      user,
      method: 'GET',
      url: extra.url ?? '/shop/cart',
      op: extra.op ?? { kind: 'increment' },
      ...(extra.process ? { process: extra.process } : {}),
    },
  };
}

export function post(user: string, at: number, bodyKB: number, item = 'book'): Intervention {
  return {
    at,
    action: {
      kind: 'request',
      user,
      method: 'POST',
      url: '/shop/cart',
      bodyKB,
      op: { kind: 'addToCart', item },
    },
  };
}

/** u1 fills in a screen of the Portal's Authoring portlet at `at` ms (`authoring u1 EDIT`). */
export function authoring(at: number, edit: string): Intervention {
  return { at, action: parseAction(['authoring', 'u1', edit], { defaultPath: '/wps/myportal' }) };
}

export function run(spec: Omit<RunSpec, 'seed'> & { seed?: number }, until: number): World {
  // The world takes a valid configuration: every test's lab is checked as the command line checks one.
  validateConfig(spec.config);
  const w = new World({ seed: 1, ...spec });
  w.runUntil(until);
  return w;
}

/** The entries of one type, with that type's details. */
export const entries = <K extends TraceType>(w: World, type: K): Extract<TraceEntry, { type: K }>[] =>
  w.visibleTrace().filter((e): e is Extract<TraceEntry, { type: K }> => e.type === type);

/** Pages users saw, in order: `status member counter`. */
export const pages = (w: World, user = 'u1'): string[] =>
  w
    .visibleTrace()
    .filter((e) => e.type === 'browser.page' && e.actor === `browser:${user}`)
    .map((e) => e.text);

/** The member whose cache currently holds the session of user u1 (by serving member of the last page). */
export function lastServedBy(w: World, user = 'u1'): string | null {
  const p = w
    .visibleTrace()
    .filter((e) => e.type === 'browser.page' && e.actor === `browser:${user}`)
    .at(-1);
  return p ? String(detailsOf(p).servedBy) : null;
}
