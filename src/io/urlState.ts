// The page's address as lab options, and back: which run (`scenario=ten-steps`, or a sandbox of a chosen
// size `members=8&processes=4&users=200`), its seed, the parameters changed (`set=PATH=VALUE`, as --set
// writes them), the user's own actions with their instants (`at=3.5 crash PluginMember1`, as --at writes
// them), the cursor (`t=3.02`), and the playback's pace and speed. A copied address opens that moment of
// that run again. Bad values are reported, never thrown: the lab opens with the defaults for what was
// wrong and says what and where. Addresses carry their version (`v=1`); one without is read as version 1.

import { defaultSandbox, lessonIds, sandboxLimits, type SandboxSize } from '../scenarios/catalog.ts';

/** The version of the address this lab writes (and reads). */
export const ADDRESS_VERSION = 1;

/**
 * The panels an address can name as the one the user chose last (`panel=statecharts`): the configuration,
 * a tab of the actions, of the logs or of the inspectors.
 */
export const PANELS = [
  'configuration',
  'actions-member',
  'actions-user',
  'actions-server',
  'actions-network',
  'event-log',
  'plugin-log',
  'jsessionid',
  'server-tables',
  'member-caches',
  'session-store',
  'statecharts',
] as const;
export type PanelId = (typeof PANELS)[number];

/**
 * The views presenter mode shows (`present=topology-narration`), in the order V steps through them: the
 * topology with the narration above it, the topology, the narration, the plug-in's ten steps, the sequence
 * diagram.
 */
export const PRESENTER_VIEWS = ['topology-narration', 'topology', 'narration', 'steps', 'sequence'] as const;
export type PresenterView = (typeof PRESENTER_VIEWS)[number];

/**
 * The parts an embedded lab can show (`show=topology,lesson`): the playback's controls, the timeline,
 * the lesson's narration (or what the run is), the topology, the plug-in's steps, the actions, the user's
 * page, the monitors, the sequence diagram, the logs, the inspectors.
 */
export const PARTS = [
  'controls',
  'timeline',
  'lesson',
  'topology',
  'steps',
  'actions',
  'user',
  'monitors',
  'sequence',
  'logs',
  'inspectors',
] as const;
export type Part = (typeof PARTS)[number];
/** What an embedded lab shows unless told: the controls, the narration, the topology and the steps. */
export const EMBED_PARTS: readonly Part[] = ['controls', 'timeline', 'lesson', 'topology', 'steps'];

/** The lab embedded in another page: the parts it shows, whether it plays at once, where it starts. */
export interface EmbedOptions {
  show: Part[];
  autoplay: boolean;
  /** The lesson's part (1 for the first) it opens at. */
  beat?: number;
  /** The origins whose pages may command it with postMessage (its parent page only, whatever its origin, if none). */
  origins?: string[];
}

/** The moment of the run an address names, beyond the run itself. */
export interface LabMoment {
  /** Simulated ms of the cursor. */
  t: number;
  /** How many of the entries at instant `t` the cursor stands after, when not all of them. */
  within?: number;
}

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
  /**
   * The user's own actions, as --at writes them (`3.5 crash PluginMember1`), in order: made on top of the
   * run's script when the run opens. Their words are read by the simulation, which names a bad one.
   */
  actions?: string[];
  /**
   * Try it yourself: the user left the lesson's script at simulated ms `t`, keeping its first `script`
   * actions (those made by then).
   */
  trying?: { t: number; script: number };
  /** Where the cursor stands. */
  moment?: LabMoment;
  /** The panel the user chose last: open, its tab selected, brought into view. */
  panel?: PanelId;
  /** Embedded in another page (`embed=1`): only the parts asked for, and a link to the full lab. */
  embed?: EmbedOptions;
  /** Presenter mode, showing this view (`present=topology`; `present=1` for the first). */
  present?: PresenterView;
}

export const SPEED_RANGE = [0.1, 100] as const;
/** The furthest instant an address may name: as far as the lab simulates a run (24 simulated hours). */
const LONGEST_MS = 24 * 60 * 60 * 1000;
/** The most actions an address carries, and the longest one. */
export const ADDRESS_LIMITS = { actions: 200, actionLength: 300, length: 20_000 };
/** The most problems a reader names one by one; the rest are counted. */
export const MAX_MESSAGES = 20;

/** At most MAX_MESSAGES of `errors`, and how many more there were. */
export function fewErrors(errors: string[], what: string): string[] {
  return errors.length <= MAX_MESSAGES
    ? errors
    : [...errors.slice(0, MAX_MESSAGES), `…and ${errors.length - MAX_MESSAGES} more problems with ${what}`];
}

/** The keys an address may have, each once, and those that may be repeated. */
const ONCE = [
  'v',
  'scenario',
  'members',
  'processes',
  'users',
  'seed',
  'try',
  'script',
  't',
  'within',
  'speed',
  'pace',
  'panel',
  'present',
  'embed',
  'show',
  'autoplay',
  'beat',
  'origins',
] as const;
const REPEATED = ['set', 'at'] as const;
/** Every key an address may have. */
export const ADDRESS_KEYS: readonly string[] = [...ONCE, ...REPEATED];
const KNOWN = ADDRESS_KEYS;

/**
 * A reader's message without what the lab does instead (`…; using the default`): for input refused
 * whole (a run file, a command from a host page), where nothing is done instead.
 */
export const withoutFallback = (message: string): string => message.trim().replace(/; [^;]*$/, '');

/** A value as a message shows it: at most `max` characters, and how long it was when cut. */
export function shown(value: string, max = 40): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max).join('')}… (${chars.length} characters)`;
}

/** A simulated instant in seconds as an address writes it: up to three decimals, no trailing zeros. */
export function secondsText(ms: number): string {
  return String(Math.round(ms) / 1000);
}

const SECONDS = /^\d+(\.\d{1,3})?$/;

function wholeNumber(
  raw: string,
  name: string,
  min: number,
  max: number,
  errors: string[],
  otherwise = 'using the default',
  where = 'URL parameter',
): number | undefined {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    errors.push(`${where} ${name}=${shown(raw)}: must be a whole number from ${min} to ${max}; ${otherwise}`);
    return undefined;
  }
  return Number(raw);
}

/** Simulated seconds (up to three decimals) as ms, or undefined with the problem named. */
function instant(
  raw: string,
  name: string,
  errors: string[],
  otherwise: string,
  where = 'URL parameter',
): number | undefined {
  const ms = SECONDS.test(raw) ? Math.round(Number(raw) * 1000) : NaN;
  if (!(ms >= 0 && ms <= LONGEST_MS)) {
    errors.push(
      `${where} ${name}=${shown(raw)}: must be simulated seconds from 0 to ${LONGEST_MS / 1000}, e.g. 3.02; ${otherwise}`,
    );
    return undefined;
  }
  return ms;
}

/** The known key a mistyped one most likely meant (`Seed` → seed, `member` → members), if any. */
function meant(key: string): string | undefined {
  const k = key.toLowerCase();
  return KNOWN.find((known) => known === k || known === `${k}s` || `${known}s` === k);
}

/**
 * Reads lab options from a query string; `errors` says which parameters were ignored and why, each
 * message beginning with `where` (a run file's reader names itself).
 */
export function parseLabQuery(
  search: string,
  where = 'URL parameter',
  limits: typeof ADDRESS_LIMITS = ADDRESS_LIMITS,
): { options: LabOptions; errors: string[] } {
  const read = readLabQuery(search, where, limits);
  return { options: read.options, errors: fewErrors(read.errors, 'the address') };
}

function readLabQuery(
  search: string,
  where: string,
  limits: typeof ADDRESS_LIMITS,
): { options: LabOptions; errors: string[] } {
  const errors: string[] = [];
  const options: LabOptions = {};
  if (search.length > limits.length) {
    errors.push(
      `The address is ${search.length} characters long, more than the ${limits.length} the lab reads; opening ${lessonIds[0]}`,
    );
    return { options, errors };
  }
  // A malformed escape (`%E0%A4%A`) is read as the characters it is: nothing here throws.
  const params = new URLSearchParams(search);

  // One rule for every key: an unknown one is named; one that takes a single value and is given more than
  // once counts its first, and the others are named.
  const first = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const [key, value] of params) {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!KNOWN.includes(key)) {
      if (counts.get(key) === 1) {
        const guess = meant(key);
        errors.push(
          `${where} ${shown(key)}=${shown(value)}: unknown${guess ? ` (did you mean ${guess}?)` : ''}; ignored`,
        );
      }
      continue;
    }
    if (!first.has(key)) first.set(key, value);
  }
  for (const key of ONCE) {
    const n = counts.get(key) ?? 0;
    if (n > 1)
      errors.push(
        `${where} ${key} is given ${n} times: the first (${key}=${shown(first.get(key)!)}) is used, the others ignored`,
      );
  }
  const get = (key: (typeof ONCE)[number]): string | null => first.get(key) ?? null;

  const v = get('v');
  if (v !== null && v !== String(ADDRESS_VERSION))
    errors.push(
      /^\d+$/.test(v) && Number(v) > ADDRESS_VERSION
        ? `${where} v=${shown(v)}: the address was made by a later version of the lab; read as version ${ADDRESS_VERSION}, as far as it goes`
        : `${where} v=${shown(v)}: not a version of the lab's addresses (this lab writes v=${ADDRESS_VERSION}); read as version ${ADDRESS_VERSION}`,
    );

  const seed = get('seed');
  if (seed !== null) {
    const n = wholeNumber(seed, 'seed', 0, 4294967295, errors, undefined, where);
    if (n !== undefined) options.seed = n;
  }
  const size: Partial<SandboxSize> = {};
  for (const key of ['members', 'processes', 'users'] as const) {
    const raw = get(key);
    if (raw === null) continue;
    const [min, max] = sandboxLimits[key];
    const n = wholeNumber(raw, key, min, max, errors, undefined, where);
    if (n !== undefined) size[key] = n;
  }
  const sized = (['members', 'processes', 'users'] as const).filter((k) => first.has(k));
  if (sized.length > 0) options.sandbox = { ...defaultSandbox, ...size };
  // A scenario, or the sandbox of a size: one run opens, and the page says which when both are asked.
  const scenario = get('scenario');
  const opening = options.sandbox ? 'the sandbox' : lessonIds[0];
  if (scenario !== null) {
    if (!lessonIds.includes(scenario))
      errors.push(
        `${where} scenario=${shown(scenario)}: no such scenario (known: ${lessonIds.join(', ')}); opening ${opening}`,
      );
    else if (options.sandbox)
      errors.push(
        `${where ? `${where}s ` : ''}scenario=${scenario} and ${sized.map((k) => `${k}=${shown(first.get(k)!)}`).join(', ')}: a scenario has its own cluster, the sandbox's size is set by ${sized.join(', ')}; opening the sandbox`,
      );
    else options.scenario = scenario;
  }
  const speed = get('speed');
  if (speed !== null) {
    const n = /^\d+(\.\d+)?$/.test(speed) ? Number(speed) : NaN;
    if (!(n >= SPEED_RANGE[0] && n <= SPEED_RANGE[1])) {
      errors.push(`${where} speed=${shown(speed)}: must be a number from 0.1 to 100, e.g. 2; using 1`);
    } else options.speed = n;
  }
  const pace = get('pace');
  if (pace !== null) {
    if (pace === 'paced' || pace === 'real') options.paced = pace === 'paced';
    else errors.push(`${where} pace=${shown(pace)}: must be paced or real; using paced`);
  }

  const panel = get('panel');
  if (panel !== null) {
    if ((PANELS as readonly string[]).includes(panel)) options.panel = panel as PanelId;
    else errors.push(`${where} panel=${shown(panel)}: no such panel (known: ${PANELS.join(', ')}); ignored`);
  }

  const embed = get('embed');
  const embedKeys = (['show', 'autoplay', 'beat', 'origins'] as const).filter((k) => first.has(k));
  if (embed !== null && embed !== '1' && embed !== '0')
    errors.push(`${where} embed=${shown(embed)}: must be 1 (embedded) or 0; not embedded`);
  if (embed === '1') {
    const e: EmbedOptions = { show: [...EMBED_PARTS], autoplay: false };
    const show = get('show');
    if (show !== null) {
      const asked = show.split(',').map((s) => s.trim());
      const unknown = asked.filter((s) => !(PARTS as readonly string[]).includes(s));
      if (unknown.length > 0 || asked.length === 0)
        errors.push(
          `${where} show=${shown(show)}: ${unknown.length > 0 ? `no part ${unknown.map((u) => shown(u, 20)).join(', ')}` : 'no part'} (known: ${PARTS.join(', ')}); showing ${EMBED_PARTS.join(', ')}`,
        );
      else e.show = PARTS.filter((p) => asked.includes(p));
    }
    const autoplay = get('autoplay');
    if (autoplay !== null) {
      if (autoplay === '1' || autoplay === '0') e.autoplay = autoplay === '1';
      else errors.push(`${where} autoplay=${shown(autoplay)}: must be 1 or 0; not playing at once`);
    }
    const beat = get('beat');
    if (beat !== null) {
      const n = wholeNumber(beat, 'beat', 1, 1000, errors, 'opening at the start', where);
      if (n !== undefined) e.beat = n;
    }
    const origins = get('origins');
    if (origins !== null) {
      const list = origins.split(',').map((o) => o.trim());
      const bad = list.filter((o) => {
        try {
          return new URL(o).origin !== o;
        } catch {
          return true;
        }
      });
      if (bad.length > 0)
        errors.push(
          `${where} origins=${shown(origins)}: ${shown(bad[0]!)} is not an origin (e.g. https://docs.example.com); only the parent page may command the lab`,
        );
      else e.origins = list;
    }
    options.embed = e;
  } else if (embedKeys.length > 0)
    errors.push(
      `${where} ${embedKeys.map((k) => `${k}=${shown(first.get(k)!)}`).join(', ')}: for an embedded lab only (embed=1); ignored`,
    );

  const present = get('present');
  if (present !== null) {
    const view = present === '1' ? PRESENTER_VIEWS[0] : PRESENTER_VIEWS.find((v) => v === present);
    if (options.embed)
      errors.push(
        `${where} present=${shown(present)}: presenter mode is the full lab's, not an embedded one's; ignored`,
      );
    else if (view) options.present = view;
    else
      errors.push(
        `${where} present=${shown(present)}: no such view (known: 1, ${PRESENTER_VIEWS.join(', ')}); not presenting`,
      );
  }

  const sets: string[] = [];
  for (const set of params.getAll('set')) {
    if (/^[A-Za-z][\w.[\]]*=/.test(set)) sets.push(set);
    else
      errors.push(
        `${where} set=${shown(set)}: must be PATH=VALUE, e.g. set=plugin.cluster.retryInterval=10; not applied`,
      );
  }
  if (sets.length > 0) options.sets = sets;

  const actions: string[] = [];
  for (const at of params.getAll('at')) {
    const [time, ...words] = at.trim().split(/\s+/);
    if (actions.length >= limits.actions)
      errors.push(
        `${where} at=${shown(at, 120)}: more than ${limits.actions} actions; this one and those after it are not made`,
      );
    else if (at.length > limits.actionLength)
      errors.push(`${where} at=${shown(at, 120)}: longer than ${limits.actionLength} characters; not made`);
    else if (time === undefined || !SECONDS.test(time) || words.length === 0)
      errors.push(
        `${where} at=${shown(at, 120)}: must be an instant in simulated seconds and an action, e.g. at=3.5 crash PluginMember1; not made`,
      );
    else if (Number(time) * 1000 > LONGEST_MS)
      errors.push(
        `${where} at=${shown(at, 120)}: later than ${LONGEST_MS / 1000} simulated seconds; not made`,
      );
    else {
      actions.push([time, ...words].join(' '));
      continue;
    }
    if (actions.length >= limits.actions) break;
  }
  if (actions.length > 0) options.actions = actions;

  const tried = get('try');
  const script = get('script');
  if (tried !== null || script !== null) {
    const lesson = options.scenario !== undefined;
    if (!lesson)
      errors.push(
        `${where} ${tried !== null ? `try=${shown(tried)}` : `script=${shown(script!)}`}: trying it yourself is a lesson's; ignored`,
      );
    else if (tried === null || script === null)
      errors.push(
        `${where} ${tried !== null ? `try=${shown(tried)} needs script=N` : `script=${shown(script!)} needs try=T`} (how many of the lesson's actions were made when the user tried it); ignored`,
      );
    else {
      const t = instant(tried, 'try', errors, 'ignored', where);
      const n = wholeNumber(script, 'script', 0, 10_000, errors, 'ignored', where);
      if (t !== undefined && n !== undefined) options.trying = { t, script: n };
    }
  }

  const t = get('t');
  const within = get('within');
  if (t !== null) {
    const ms = instant(t, 't', errors, 'opening at 0 s', where);
    if (ms !== undefined) {
      options.moment = { t: ms };
      if (within !== null) {
        const n = wholeNumber(
          within,
          'within',
          0,
          1_000_000,
          errors,
          'standing after all of that instant',
          where,
        );
        if (n !== undefined) options.moment.within = n;
      }
    }
  } else if (within !== null)
    errors.push(`${where} within=${shown(within)}: needs t=, the instant it is within; ignored`);

  return { options, errors };
}

/** What an address holds: the run, its changes, the user's actions, the cursor, the playback. */
export interface AddressState {
  scenario: string;
  sandbox: SandboxSize | null;
  seed: number;
  sets: readonly string[];
  actions: readonly string[];
  trying: { t: number; script: number } | null;
  moment: LabMoment;
  speed: number;
  paced: boolean;
  panel: PanelId | null;
  /** Presenting: the address keeps the view (a run file does not). */
  present?: PresenterView | null;
  /** Embedded: the address keeps it so (the full lab's link leaves it out). */
  embed?: EmbedOptions | null;
}

/**
 * The address (a query string, `?v=1&…`) that opens `s` again: every key in one order, the defaults of
 * the playback left out.
 */
export function labQuery(s: AddressState): string {
  const p = new URLSearchParams();
  p.append('v', String(ADDRESS_VERSION));
  if (s.sandbox) {
    p.append('members', String(s.sandbox.members));
    p.append('processes', String(s.sandbox.processes));
    p.append('users', String(s.sandbox.users));
  } else p.append('scenario', s.scenario);
  p.append('seed', String(s.seed));
  for (const set of s.sets) p.append('set', set);
  if (s.trying && !s.sandbox) {
    p.append('try', secondsText(s.trying.t));
    p.append('script', String(s.trying.script));
  }
  for (const a of s.actions) p.append('at', a);
  p.append('t', secondsText(s.moment.t));
  if (s.moment.within !== undefined) p.append('within', String(s.moment.within));
  if (s.speed !== 1) p.append('speed', String(s.speed));
  if (!s.paced) p.append('pace', 'real');
  if (s.panel) p.append('panel', s.panel);
  if (s.present) p.append('present', s.present);
  if (s.embed) {
    p.append('embed', '1');
    if (s.embed.show.join(',') !== EMBED_PARTS.join(',')) p.append('show', s.embed.show.join(','));
    if (s.embed.autoplay) p.append('autoplay', '1');
    if (s.embed.beat !== undefined) p.append('beat', String(s.embed.beat));
    if (s.embed.origins) p.append('origins', s.embed.origins.join(','));
  }
  // Readable where it can be: the characters a query may carry as they are are not escaped.
  return `?${p.toString().replace(/%2C/g, ',').replace(/%3D/g, '=').replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%2F/g, '/').replace(/%3A/g, ':')}`;
}
