// A run as a file: which run, its seed, the parameters changed, the user's actions, the cursor and the
// panel, as versioned JSON. The same keys and values as the address (urlState.ts) and the command line
// (`set` as --set writes it, `at` as --at writes it), so that one reader checks all three:
//
//   { "format": "failover-lab run", "version": 1, "scenario": "ten-steps", "seed": 1,
//     "set": ["plugin.cluster.retryInterval=10"], "at": ["1.5 crash PluginMember2"], "t": 3.02 }
//
// A file is all or nothing: any problem and it is refused with every problem named, so that what the
// user has open stays as it was.

import {
  fewErrors,
  parseLabQuery,
  secondsText,
  shown,
  withoutFallback,
  type AddressState,
  type LabOptions,
} from './urlState.ts';

export const RUN_FORMAT = 'failover-lab run';
export const RUN_VERSION = 1;
/** The largest run file read (its actions are at most 200 of 300 characters: far less is ever needed). */
export const RUN_FILE_MAX_BYTES = 256 * 1024;

/** The keys of a run file besides `format` and `version`, with the kind of value each takes. */
const KEYS = {
  scenario: 'string',
  sandbox: 'object',
  seed: 'number',
  set: 'strings',
  at: 'strings',
  try: 'object',
  t: 'number',
  within: 'number',
  speed: 'number',
  pace: 'string',
  panel: 'string',
} as const;

/** The run file that opens `s` again, as text. */
export function runFileOf(s: AddressState): string {
  const run: Record<string, unknown> = { format: RUN_FORMAT, version: RUN_VERSION };
  if (s.sandbox) run.sandbox = { ...s.sandbox };
  else run.scenario = s.scenario;
  run.seed = s.seed;
  if (s.sets.length > 0) run.set = [...s.sets];
  if (s.trying && !s.sandbox) run.try = { t: Number(secondsText(s.trying.t)), script: s.trying.script };
  if (s.actions.length > 0) run.at = [...s.actions];
  run.t = Number(secondsText(s.moment.t));
  if (s.moment.within !== undefined) run.within = s.moment.within;
  if (s.speed !== 1) run.speed = s.speed;
  if (!s.paced) run.pace = 'real';
  if (s.panel) run.panel = s.panel;
  return `${JSON.stringify(run, null, 2)}\n`;
}

/**
 * The lab options a run file holds, or every problem with it (then no options). `name` is the file's
 * name, for the messages.
 */
export function readRunFile(
  text: string,
  name = 'the run file',
): { options: LabOptions; errors: [] } | { options: null; errors: string[] } {
  const refuse = (...errors: string[]) => ({
    options: null,
    errors: fewErrors(errors, name).map((e) => `${name}: ${e}`),
  });
  if (text.length > RUN_FILE_MAX_BYTES)
    return refuse(`${text.length} characters, more than the ${RUN_FILE_MAX_BYTES} a run file may have`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return refuse(`not JSON (${shown(e instanceof Error ? e.message : String(e), 120)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return refuse(`not a run of the lab: expected an object with "format": "${RUN_FORMAT}"`);
  const run = json as Record<string, unknown>;
  if (run.format !== RUN_FORMAT)
    return refuse(
      `not a run of the lab: "format" is ${shown(JSON.stringify(run.format) ?? 'missing')}, expected "${RUN_FORMAT}"`,
    );
  if (run.version !== RUN_VERSION)
    return refuse(
      typeof run.version === 'number' && Number.isInteger(run.version) && run.version > RUN_VERSION
        ? `a run file of version ${run.version}, made by a later version of the lab; this one reads version ${RUN_VERSION}`
        : `"version" is ${shown(JSON.stringify(run.version) ?? 'missing')}; this lab reads run files of version ${RUN_VERSION}`,
    );
  const errors: string[] = [];
  const params = new URLSearchParams();
  params.append('v', String(RUN_VERSION));
  for (const [key, value] of Object.entries(run)) {
    if (key === 'format' || key === 'version') continue;
    const kind = Object.hasOwn(KEYS, key) ? (KEYS as Record<string, string>)[key] : undefined;
    if (!kind) {
      errors.push(`unknown key "${shown(key)}" (known: format, version, ${Object.keys(KEYS).join(', ')})`);
      continue;
    }
    const bad = (what: string) =>
      errors.push(`"${key}" must be ${what}, not ${shown(JSON.stringify(value))}`);
    if (kind === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) bad('a number');
      else params.append(key, String(value));
    } else if (kind === 'string') {
      if (typeof value !== 'string') bad('text');
      else params.append(key, value);
    } else if (kind === 'strings') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) bad('a list of texts');
      else for (const v of value as string[]) params.append(key, v);
    } else if (key === 'sandbox') {
      const size = value as Record<string, unknown> | null;
      const keys = ['members', 'processes', 'users'];
      if (
        typeof size !== 'object' ||
        size === null ||
        Array.isArray(size) ||
        !Object.keys(size).every((k) => keys.includes(k)) ||
        !keys.every((k) => typeof size[k] === 'number')
      )
        bad('{ "members": N, "processes": N, "users": N }');
      else for (const k of keys) params.append(k, String(size[k]));
    } else if (key === 'try') {
      const tried = value as Record<string, unknown> | null;
      if (
        typeof tried !== 'object' ||
        tried === null ||
        typeof tried.t !== 'number' ||
        typeof tried.script !== 'number' ||
        Object.keys(tried).length !== 2
      )
        bad('{ "t": SECONDS, "script": N }');
      else {
        params.append('try', String(tried.t));
        params.append('script', String(tried.script));
      }
    }
  }
  if (errors.length > 0) return refuse(...errors);
  if (run.scenario !== undefined && run.sandbox !== undefined)
    return refuse('"scenario" and "sandbox" name two runs: give one of them');
  // A file may hold many more actions than a link.
  const read = parseLabQuery(`?${params}`, '', { actions: 10_000, actionLength: 300, length: Infinity });
  // The address reader says what it would open instead; a file is refused whole, so that part goes.
  if (read.errors.length > 0) return refuse(...read.errors.map(withoutFallback));
  return { options: read.options, errors: [] };
}
