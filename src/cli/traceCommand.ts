// The trace command's logic, apart from the process, so it can be tested in-process.

import { ConfigError, validateConfig } from '../model/parameters.ts';
import { parameterHelp } from '../model/parameterText.ts';
import { parseAssignment, setParameter } from '../model/parameterPaths.ts';
import { lessons } from '../scenarios/lessons/index.ts';
import { narrate, type Beat } from '../scenarios/narration.ts';
import { TagWatch } from '../scenarios/tagWatch.ts';
import { sandboxLimits, sandboxScenario, defaultSandbox, type SandboxSize } from '../scenarios/sandbox.ts';
import { findInfo } from '../scenarios/catalog.ts';
import { requestPath, runSpecOf, scriptUpTo, type Scenario } from '../scenarios/scenario.ts';
import { actionHelp, InterventionError, parseIntervention } from '../simulation/actionWords.ts';
import type { Intervention } from '../simulation/interventions.ts';
import { formatEntry, formatTime, formatTrace, type TraceEntry } from '../simulation/trace.ts';
import { isInteresting } from '../simulation/highlights.ts';
import { pluginLogLines } from '../io/pluginLog.ts';
import { RunSpecError, World, type RunSpec, type WorldOptions } from '../simulation/world.ts';
import { readFileSync } from 'node:fs';
import { readRunFile } from '../io/runFile.ts';
import { aboutRun, codeSpan, markdownOf, mermaidOf } from '../io/exports.ts';
import { pluginCfgXml } from '../io/pluginCfgXml.ts';
import type { LabOptions } from '../io/urlState.ts';
import { importCluster, PluginCfgError, readPluginCfg, type PluginCfgImport } from '../io/pluginCfgImport.ts';
import { parseXmlInNode } from './nodeXml.ts';
import { assignmentsOf } from '../model/assignments.ts';
import { FIGURE_NAMES, runFigures, type RunFigures } from '../simulation/figures.ts';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** 24 simulated hours: a longer trace holds more than a run is worth keeping in memory. */
const MAX_UNTIL_SECONDS = 86400;

const usage = `options: --list, --scenario ID|sandbox, --members N, --processes N, --users N (sandbox only), --seed N, --format text|json|plugin-log|narration|mermaid|markdown|plugin-cfg, --until SECONDS (at most ${MAX_UNTIL_SECONDS}, 24 simulated hours), --set PATH=VALUE (repeatable; lists with commas, e.g. sessionManager.cleanupHours=1,3; --set help lists the parameters), --at "T ACTION [ARGS]" (repeatable; --at help lists the actions), --run FILE (a run saved from the lab: its scenario, seed, settings and actions), --config FILE (a plugin-cfg.xml: the sandbox runs its cluster) with --cluster NAME when it has several, --compare 'PATH=VALUE …' 'PATH=VALUE …' (two to four configurations of the run on the same seed and faults, their figures side by side; text or --format json)`;

/** A scenario's title: a lesson's own, the page's for the lab's scenarios. */
const titleOf = (s: Scenario): string => s.title ?? findInfo(s.id)?.title ?? s.id;

/** The lessons (every scripted scenario is one), as `--list` shows them and `--scenario` finds them. */
const everyScenario: readonly Scenario[] = lessons;

/** A scenario's beats: a lesson's own (the sandbox has none). */
function beatsOf(s: Scenario): readonly Beat[] {
  return s.beats ?? [];
}

/**
 * `--format narration`: each beat as the run reaches it, with its source; where the run leaves the script
 * (an `--at` the lesson does not make), what the trace shows from there instead.
 */
function narrationText(s: Scenario, entries: readonly TraceEntry[], watch: TagWatch | null): string {
  const beats = beatsOf(s);
  if (beats.length === 0) return `${titleOf(s)}: no narration; the trace tells what happens (--format text).`;
  const { reached, leftScript } = narrate(beats, entries, s.interventions, watch?.holds);
  const lines = reached.map((r) => `t=${formatTime(r.t)} ${beats[r.beat]!.text} (${beats[r.beat]!.source})`);
  if (leftScript) {
    lines.push(
      `t=${formatTime(leftScript.t)} The run has left the lesson's script here (${leftScript.action}); what the trace shows from here:`,
    );
    for (const e of entries)
      if (e.seq >= leftScript.seq && isInteresting(e)) lines.push(`  ${formatEntry(e)}`);
  } else if (reached.length < beats.length) {
    lines.push(`The run ended before: ${beats[reached.length]!.text}`);
  }
  return lines.join('\n');
}

const FORMATS = ['text', 'json', 'plugin-log', 'narration', 'mermaid', 'markdown', 'plugin-cfg'] as const;

/** `--format markdown`: what the run is, the lesson's parts it reached, and its log. */
function transcript(
  s: Scenario,
  seed: number,
  sets: readonly string[],
  ats: readonly string[],
  entries: readonly TraceEntry[],
  watch: TagWatch | null,
): string {
  const { reached, leftScript } = narrate(beatsOf(s), entries, s.interventions, watch?.holds);
  const beats = beatsOf(s);
  return markdownOf(
    {
      title: titleOf(s),
      about: aboutRun({ run: codeSpan(s.id), seed, sets, actions: ats }),
      narration: reached.map((r) => ({ t: r.t, text: beats[r.beat]!.text, source: beats[r.beat]!.source })),
      left: leftScript && { t: leftScript.t, action: leftScript.action },
    },
    entries,
  );
}

/** The command line may ask for a sandbox nobody browses on their own: only the users --at names act. */
const CLI_MIN_USERS = 0;

/** Reads a file the command line names (a run file); tests give their own. */
export type FileReader = (path: string) => string;
const readText: FileReader = (path) => readFileSync(path, 'utf8');

/** `trace --scenario ten-steps --seed N --format text|json`, `trace --list`, `trace --run FILE`. */
export function traceCommand(argv: readonly string[], readFile: FileReader = readText): CommandResult {
  let list = false;
  let help = false;
  let scenarioId = 'ten-steps';
  let seed: number | null = null;
  let format: (typeof FORMATS)[number] = 'text';
  let until: number | null = null;
  const sets: string[] = [];
  const ats: string[] = [];
  let actionsHelp = false;
  const size: Partial<SandboxSize> = {};
  let runFile: LabOptions | null = null;
  /** A plugin-cfg.xml given with --config, and the cluster of it --cluster names. */
  let configFile: { name: string; text: string } | null = null;
  let clusterName: string | undefined;
  /** `--compare`: the configurations to run side by side, each as its words (`path=value …`). */
  let compare: string[] | null = null;
  /** What the command says beside the trace (what a plugin-cfg.xml holds that the lab does not model). */
  let said = '';
  /** Trying it yourself (a run file's): how many of the script's actions are made. */
  let scriptKept: number | null = null;
  /** The latest instant a run file needs (its cursor, its last action), in ms. */
  let latest = 0;
  const fail = (message: string, code = 2): CommandResult => ({
    code,
    stdout: '',
    stderr: `trace: ${message}\n`,
  });
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const needsValue = [
      '--scenario',
      '--seed',
      '--format',
      '--until',
      '--set',
      '--at',
      '--members',
      '--processes',
      '--users',
      '--run',
      '--config',
      '--cluster',
    ].includes(arg);
    const v = needsValue ? argv[++i] : undefined;
    if (needsValue && v === undefined) return fail(`${arg} needs a value`);
    switch (arg) {
      case '--list':
        list = true;
        break;
      case '--scenario':
        scenarioId = v!;
        break;
      case '--seed':
        if (!/^\d+$/.test(v!) || Number(v) > 0xffffffff) {
          return fail(`--seed: "${v}" is not a whole number from 0 to 4294967295`);
        }
        seed = Number(v);
        break;
      case '--format':
        if (!(FORMATS as readonly string[]).includes(v!)) {
          return fail(`--format: "${v}" is not one of ${FORMATS.join(', ')}`);
        }
        format = v as (typeof FORMATS)[number];
        break;
      case '--until':
        if (!/^\d+(\.\d+)?$/.test(v!) || Number(v) > MAX_UNTIL_SECONDS) {
          return fail(
            `--until: "${v}" is not a number of seconds from 0 to ${MAX_UNTIL_SECONDS} (24 simulated hours)`,
          );
        }
        until = Math.round(Number(v) * 1000);
        break;
      case '--set':
        if (v === 'help') help = true;
        else sets.push(v!);
        break;
      case '--at':
        if (v!.trim() === 'help') actionsHelp = true;
        else ats.push(v!);
        break;
      case '--members':
      case '--processes':
      case '--users': {
        const key = arg.slice(2) as keyof SandboxSize;
        const max = sandboxLimits[key][1];
        const min = key === 'users' ? CLI_MIN_USERS : sandboxLimits[key][0];
        if (!/^\d+$/.test(v!) || Number(v) < min || Number(v) > max)
          return fail(`${arg}: "${v}" is not a whole number from ${min} to ${max}`);
        size[key] = Number(v);
        break;
      }
      case '--run': {
        if (runFile !== null) return fail('--run is given twice: one run at a time');
        let text: string;
        try {
          text = readFile(v!);
        } catch (e) {
          return fail(
            `--run ${v}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
          );
        }
        const read = readRunFile(text, `--run ${v}`);
        if (read.options === null) return fail(read.errors.join('\n'));
        runFile = read.options;
        break;
      }
      case '--config': {
        if (configFile !== null) return fail('--config is given twice: one plugin-cfg.xml at a time');
        try {
          configFile = { name: v!, text: readFile(v!) };
        } catch (e) {
          return fail(
            `--config ${v}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
          );
        }
        break;
      }
      case '--cluster':
        clusterName = v!;
        break;
      case '--compare': {
        if (compare !== null)
          return fail('--compare is given twice: list every configuration after one --compare');
        compare = [];
        while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) compare.push(argv[++i]!);
        if (compare.length < 2 || compare.length > MAX_COMPARED)
          return fail(
            `--compare takes 2 to ${MAX_COMPARED} configurations, each one argument of PATH=VALUE pairs (got ${compare.length})`,
          );
        break;
      }
      default:
        return fail(`unknown option ${arg} (${usage})`);
    }
  }
  if (runFile !== null) {
    // The run names its scenario, seed and size; settings and actions given here come after its own.
    const given = argv.filter((a) =>
      ['--scenario', '--seed', '--members', '--processes', '--users'].includes(a),
    );
    if (given.length > 0) return fail(`${given[0]} cannot be given with --run: the run file names its run`);
    if (runFile.sandbox) {
      scenarioId = 'sandbox';
      Object.assign(size, runFile.sandbox);
    } else scenarioId = runFile.scenario ?? scenarioId;
    seed = runFile.seed ?? null;
    sets.unshift(...(runFile.sets ?? []));
    ats.unshift(...(runFile.actions ?? []));
    scriptKept = runFile.trying?.script ?? null;
    // The run goes as far as its cursor and its last action, at least.
    latest = Math.max(
      runFile.moment?.t ?? 0,
      ...(runFile.actions ?? []).map((a) => Number(a.split(' ')[0]) * 1000),
    );
  }
  if (clusterName !== undefined && configFile === null)
    return fail('--cluster names a cluster of --config FILE');
  if (configFile !== null) {
    // The file's cluster is the sandbox's: its size is the cluster's, its settings the file's.
    const given = argv.filter((a) => ['--run', '--scenario', '--members'].includes(a));
    if (given.length > 0)
      return fail(
        `${given[0]} cannot be given with --config: the file's cluster is the run's (--processes and --users may)`,
      );
    let imported: PluginCfgImport;
    try {
      imported = importCluster(readPluginCfg(configFile.text, parseXmlInNode), clusterName);
    } catch (e) {
      if (!(e instanceof PluginCfgError)) throw e;
      const line = (p: string): string =>
        `--config ${configFile!.name}: ${p.endsWith(': choose one') ? `${p} with --cluster NAME` : p}`;
      return fail(e.problems.map(line).join('\n'));
    }
    scenarioId = 'sandbox';
    size.members = imported.members;
    sets.unshift(...imported.sets);
    said = [
      ...imported.notes.map((n) => `note: ${n}`),
      ...imported.unmodelled.map((u) => `not modelled: ${u}`),
    ]
      .map((line) => `trace: --config ${configFile!.name}: ${line}\n`)
      .join('');
  }
  const sized = Object.keys(size);
  if (sized.length > 0 && scenarioId !== 'sandbox')
    return fail(`--${sized[0]} sizes the sandbox only (--scenario sandbox)`);
  const scenario: Scenario | undefined =
    scenarioId === 'sandbox'
      ? sandboxScenario({ ...defaultSandbox, ...size })
      : everyScenario.find((s) => s.id === scenarioId);
  if (!scenario) return fail(`unknown scenario "${scenarioId}" (see --list)`);
  try {
    const spec = runSpecOf(scenario, seed ?? scenario.defaultSeed);
    // The world takes a valid configuration; every --set below checks its own change.
    validateConfig(spec.config);
    const configs = [spec.config];
    for (const s of sets) {
      const { path, text } = parseAssignment(s);
      try {
        spec.config = setParameter(spec.config, path, text);
      } catch (e) {
        // Another parameter the change put out of range: name the --set that did it.
        if (e instanceof ConfigError && e.path !== path) return fail(`--set ${s}: ${e.message}`);
        throw e;
      }
      configs.push(spec.config);
    }
    // Every option is checked before --list answers.
    if (list) {
      return { code: 0, stdout: everyScenario.map((s) => `${s.id}  ${titleOf(s)}\n`).join(''), stderr: '' };
    }
    if (help) return { code: 0, stdout: `${parameterHelp().join('\n')}\n`, stderr: '' };
    if (actionsHelp) return { code: 0, stdout: `${actionHelp()}\n`, stderr: '' };
    // The configuration as the plug-in reads it, with every --set applied: no run needed.
    if (format === 'plugin-cfg') return { code: 0, stdout: pluginCfgXml(spec.config), stderr: said };
    const end = until ?? Math.max(scenario.duration, latest);
    // Trying it yourself: the lesson's first actions only, in time order.
    if (scriptKept !== null) {
      const kept = scriptUpTo(spec.interventions ?? [], scriptKept);
      if (!kept)
        return fail(
          `the run file's "try": the lesson has ${spec.interventions?.length ?? 0} actions of its own, not ${scriptKept}`,
        );
      spec.interventions = kept;
    }
    const added: Intervention[] = [];
    for (const text of ats) {
      const at = interventionOf(text, spec, end);
      if (typeof at === 'string') return fail(`--at "${text}": ${at}`);
      added.push(at);
    }
    spec.interventions = [...(spec.interventions ?? []), ...added];
    if (compare !== null) {
      if (format !== 'text' && format !== 'json')
        return fail(`--compare writes its table as text or json, not ${format}`);
      const table = comparison(spec, compare, end);
      if (typeof table === 'string') return fail(table);
      return {
        code: 0,
        stdout: format === 'json' ? `${JSON.stringify(table, null, 1)}\n` : tableText(table),
        stderr: said,
      };
    }
    // A lesson's beats may wait for a statechart's state: the narration watches the run for them.
    const watch = format === 'narration' || format === 'markdown' ? TagWatch.of(beatsOf(scenario)) : null;
    const world = worldNamingSet(spec, configs, sets, watch ? { onStep: watch.observe } : {});
    world.runUntil(end);
    const entries = world.visibleTrace();
    const out =
      format === 'json'
        ? JSON.stringify(entries, null, 1)
        : format === 'plugin-log'
          ? pluginLogLines(entries).join('\n')
          : format === 'narration'
            ? narrationText(scenario, entries, watch)
            : format === 'mermaid'
              ? mermaidOf(entries, titleOf(scenario)).trimEnd()
              : format === 'markdown'
                ? transcript(scenario, spec.seed, sets, ats, entries, watch).trimEnd()
                : formatTrace(entries);
    return { code: 0, stdout: `${out}\n`, stderr: said };
  } catch (e) {
    if (e instanceof ConfigError) return fail(`--set ${e.message}`);
    if (e instanceof SetError) return fail(e.message);
    return fail((e as Error).message, 1);
  }
}

/**
 * The intervention `text` names in this run, or what is wrong with it: an unknown action, member, user
 * or process, or a time outside the run.
 */
function interventionOf(text: string, spec: RunSpec, end: number): Intervention | string {
  let i: Intervention;
  try {
    i = parseIntervention(text, { defaultPath: requestPath(spec.config) });
  } catch (e) {
    if (e instanceof InterventionError) return e.message;
    throw e;
  }
  if (i.at > end) return `${i.at / 1000} s is after the run ends at ${end / 1000} s (--until sets the end)`;
  const a = i.action;
  const members = spec.config.plugin.cluster.servers.map((s) => s.memberName);
  if ('member' in a && !members.includes(a.member))
    return `no cluster member named ${a.member} (this lab has ${members.join(', ')})`;
  const users = usersOf(spec);
  // A sandbox of no users lets --at bring its own.
  if ('user' in a && users.length > 0 && !users.includes(a.user))
    return `no user named ${a.user} (this lab has ${users.length > 6 ? `${users.slice(0, 6).join(', ')}, …` : users.join(', ')})`;
  const processes = spec.config.webServer.processes;
  if (a.kind === 'restartProcess' && (a.process < 1 || a.process > processes))
    return `no web server process ihs#${a.process} (this lab has ihs#1 to ihs#${processes})`;
  if ('process' in a && a.kind === 'request' && a.process !== undefined && a.process > processes)
    return `no web server process ihs#${a.process} (this lab has ihs#1 to ihs#${processes})`;
  if (
    (a.kind === 'databaseDown' || a.kind === 'databaseUp' || a.kind === 'writeError') &&
    spec.config.sessionManager.persistence !== 'database'
  )
    return 'this lab has no session database (sessionManager.persistence is not database)';
  if (a.kind === 'request' && a.op.kind === 'authoring' && !spec.config.portal.enabled)
    return "the Authoring portlet is WebSphere Portal's: this lab has no Portal (--set portal.enabled=true)";
  // An edit of plugin-cfg.xml: each value read as --set reads it (the world takes it checked).
  if (a.kind === 'editPluginCfg') {
    for (const { path, value } of a.set) {
      try {
        setParameter(spec.config, path, value);
      } catch (e) {
        if (e instanceof ConfigError) return `plugin-cfg ${e.message}`;
        throw e;
      }
    }
  }
  return i;
}

/** The users a run has before --at adds any: the scenario's, those with sessions, the workload's. */
function usersOf(spec: RunSpec): string[] {
  const users = new Set([...(spec.users ?? []), ...(spec.sessions ?? []).map((s) => s.user)]);
  for (const i of spec.interventions ?? []) if ('user' in i.action) users.add(i.action.user);
  for (let u = 1; u <= (spec.workload?.users ?? 0); u++) users.add(`u${u}`);
  return [...users];
}

/** A run the --set options made impossible, named by the first of them after which it is. */
class SetError extends Error {}

/**
 * The world of `spec`. When the lab cannot run it (a preloaded session on a member a --set renamed),
 * says which --set made it so: `configs[k]` is the configuration after the first k of `sets`.
 */
function worldNamingSet(
  spec: RunSpec,
  configs: readonly RunSpec['config'][],
  sets: readonly string[],
  options: WorldOptions,
): World {
  try {
    return new World(spec, options);
  } catch (e) {
    if (!(e instanceof RunSpecError) || sets.length === 0) throw e;
    for (let k = 0; k < configs.length; k++) {
      try {
        new World({ ...spec, config: configs[k]! });
      } catch (f) {
        if (k > 0 && f instanceof RunSpecError) throw new SetError(`--set ${sets[k - 1]}: ${f.message}`);
        throw f;
      }
    }
    throw e;
  }
}

/** The most configurations --compare runs side by side. */
const MAX_COMPARED = 4;

/** --compare's table: a column per configuration, a row per figure (time to recover in seconds). */
interface Comparison {
  columns: string[];
  rows: Record<string, (number | null)[]>;
}

/**
 * `spec` run once per configuration of `compare` (each `path=value …`, set on the run's own configuration,
 * the same seed, workload and actions), up to `end`; or what is wrong with a configuration.
 */
function comparison(spec: RunSpec, compare: readonly string[], end: number): Comparison | string {
  const figures: RunFigures[] = [];
  for (const words of compare) {
    const set = assignmentsOf(words.trim().split(/\s+/).filter(Boolean));
    if (set === null || set.length === 0)
      return `--compare "${words}": each configuration is PATH=VALUE pairs, e.g. "sessionManager.writeFrequency=timeBasedWrite plugin.cluster.retryInterval=10"`;
    let config = spec.config;
    for (const { path, value } of set) {
      try {
        config = setParameter(config, path, value);
      } catch (e) {
        if (e instanceof ConfigError) return `--compare "${words}": ${e.message}`;
        throw e;
      }
    }
    let world: World;
    try {
      world = new World({ ...spec, config });
    } catch (e) {
      if (e instanceof RunSpecError) return `--compare "${words}": ${e.message}`;
      throw e;
    }
    world.runUntil(end);
    figures.push(runFigures(world.visibleTrace()));
  }
  const rows: Comparison['rows'] = {};
  for (const [key, name] of Object.entries(FIGURE_NAMES) as [keyof RunFigures, string][])
    rows[name] = figures.map((f) => (key === 'timeToRecover' && f[key] !== null ? f[key] / 1000 : f[key]));
  return { columns: compare.map((c) => c.trim().replace(/\s+/g, ' ')), rows };
}

/** The comparison as a text table: the figures' names, then a column per configuration (numbered, with a key, when long). */
function tableText({ columns, rows }: Comparison): string {
  const cell = (name: string, v: number | null): string =>
    v === null ? '—' : name === FIGURE_NAMES.timeToRecover ? `${v.toFixed(3)}s` : String(v);
  const long = columns.some((c) => c.length > 32);
  const key = long ? columns.map((c, i) => `(${i + 1}) ${c}`) : [];
  const heads = long ? columns.map((_, i) => `(${i + 1})`) : columns;
  const lines = [
    ['', ...heads],
    ...Object.entries(rows).map(([name, vs]) => [name, ...vs.map((v) => cell(name, v))]),
  ];
  const widths = lines[0]!.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
  const table = lines.map((l) =>
    l
      .map((text, c) => (c === 0 ? text.padEnd(widths[c]!) : text.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
  return `${[...key, ...(long ? [''] : []), ...table].join('\n')}\n`;
}
