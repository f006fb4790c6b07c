// The page's address as lab options: `?scenario=ten-steps&seed=3`, or a sandbox of a chosen size
// (`?members=8&processes=4&users=200`), and a playback pace and speed. Bad values are reported, never thrown:
// the lab opens with the defaults for what was wrong and says what and where.

import { defaultSandbox, lessonIds, sandboxLimits, type SandboxSize } from '../scenarios/catalog.ts';

export interface LabOptions {
  /** Scenario id, e.g. `ten-steps`; ignored when `sandbox` is given. */
  scenario?: string;
  seed?: number;
  sandbox?: SandboxSize;
  /** How many times as fast as its pace the run plays, 0.1 to 100. */
  speed?: number;
  /** Paced playback (the default), or real time: `pace=real`. */
  paced?: boolean;
  /**
   * Parameters set as the command line's --set writes them (`set=plugin.cluster.retryInterval=10`,
   * repeatable): checked against the parameter table when the run has opened (the page's first load
   * does not carry it); a bad one is named then and the others applied.
   */
  sets?: string[];
}

export const SPEED_RANGE = [0.1, 100] as const;

function wholeNumber(
  raw: string,
  name: string,
  min: number,
  max: number,
  errors: string[],
): number | undefined {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    errors.push(
      `URL parameter ${name}=${raw}: must be a whole number from ${min} to ${max}; using the default`,
    );
    return undefined;
  }
  return Number(raw);
}

/** Reads lab options from a query string; `errors` says which parameters were ignored and why. */
export function parseLabQuery(search: string): { options: LabOptions; errors: string[] } {
  const params = new URLSearchParams(search);
  const errors: string[] = [];
  const options: LabOptions = {};

  const seed = params.get('seed');
  if (seed !== null) {
    const n = wholeNumber(seed, 'seed', 0, 4294967295, errors);
    if (n !== undefined) options.seed = n;
  }
  const size: Partial<SandboxSize> = {};
  for (const key of ['members', 'processes', 'users'] as const) {
    const raw = params.get(key);
    if (raw === null) continue;
    const [min, max] = sandboxLimits[key];
    const n = wholeNumber(raw, key, min, max, errors);
    if (n !== undefined) size[key] = n;
  }
  const sized = (['members', 'processes', 'users'] as const).filter((k) => params.has(k));
  if (sized.length > 0) options.sandbox = { ...defaultSandbox, ...size };
  // A scenario, or the sandbox of a size: one run opens, and the page says which when both are asked.
  const scenario = params.get('scenario');
  const opening = options.sandbox ? 'the sandbox' : lessonIds[0];
  if (scenario !== null) {
    if (!lessonIds.includes(scenario))
      errors.push(
        `URL parameter scenario=${scenario}: no such scenario (known: ${lessonIds.join(', ')}); opening ${opening}`,
      );
    else if (options.sandbox)
      errors.push(
        `URL parameters scenario=${scenario} and ${sized.map((k) => `${k}=${params.get(k)}`).join(', ')}: a scenario has its own cluster, the sandbox's size is set by ${sized.join(', ')}; opening the sandbox`,
      );
    else options.scenario = scenario;
  }
  const speed = params.get('speed');
  if (speed !== null) {
    const n = Number(speed);
    if (speed.trim() === '' || !Number.isFinite(n) || n < SPEED_RANGE[0] || n > SPEED_RANGE[1]) {
      errors.push(`URL parameter speed=${speed}: must be a number from 0.1 to 100; using 1`);
    } else options.speed = n;
  }
  const good: string[] = [];
  for (const set of params.getAll('set')) {
    if (/^[A-Za-z][\w.[\]]*=/.test(set)) good.push(set);
    else
      errors.push(
        `URL parameter set=${set}: must be PATH=VALUE, e.g. set=plugin.cluster.retryInterval=10; not applied`,
      );
  }
  if (good.length > 0) options.sets = good;
  const pace = params.get('pace');
  if (pace !== null) {
    if (pace === 'paced' || pace === 'real') options.paced = pace === 'paced';
    else errors.push(`URL parameter pace=${pace}: must be paced or real; using paced`);
  }
  return { options, errors };
}
