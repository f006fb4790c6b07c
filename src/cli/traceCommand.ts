// The trace command's logic, apart from the process, so it can be tested in-process.

import { ConfigError } from '../model/config.ts';
import { parameterHelp } from '../model/parameters.ts';
import { parseAssignment, setParameter } from '../io/configOverrides.ts';
import { findScenario, scenarios } from '../scenarios/index.ts';
import { runSpecOf } from '../scenarios/scenario.ts';
import { formatTrace } from '../simulation/trace.ts';
import { pluginLogLines } from '../io/pluginLog.ts';
import { RunSpecError, World, type RunSpec } from '../simulation/world.ts';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** 24 simulated hours: a longer trace holds more than a run is worth keeping in memory. */
const MAX_UNTIL_SECONDS = 86400;

const usage = `options: --list, --scenario ID, --seed N, --format text|json|plugin-log, --until SECONDS (at most ${MAX_UNTIL_SECONDS}, 24 simulated hours), --set PATH=VALUE (repeatable; lists with commas, e.g. sessionManager.cleanupHours=1,3; --set help lists the parameters)`;

/** `trace --scenario ten-steps --seed N --format text|json`, `trace --list`. */
export function traceCommand(argv: readonly string[]): CommandResult {
  let list = false;
  let help = false;
  let scenarioId = 'ten-steps';
  let seed: number | null = null;
  let format: 'text' | 'json' | 'plugin-log' = 'text';
  let until: number | null = null;
  const sets: string[] = [];
  const fail = (message: string, code = 2): CommandResult => ({
    code,
    stdout: '',
    stderr: `trace: ${message}\n`,
  });
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const needsValue = ['--scenario', '--seed', '--format', '--until', '--set'].includes(arg);
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
        if (v !== 'text' && v !== 'json' && v !== 'plugin-log') {
          return fail(`--format: "${v}" is not one of text, json, plugin-log`);
        }
        format = v;
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
      default:
        return fail(`unknown option ${arg} (${usage})`);
    }
  }
  const scenario = findScenario(scenarioId);
  if (!scenario) return fail(`unknown scenario "${scenarioId}" (see --list)`);
  try {
    const spec = runSpecOf(scenario, seed ?? scenario.defaultSeed);
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
      return { code: 0, stdout: scenarios.map((s) => `${s.id}  ${s.title}\n`).join(''), stderr: '' };
    }
    if (help) return { code: 0, stdout: `${parameterHelp().join('\n')}\n`, stderr: '' };
    const world = worldNamingSet(spec, configs, sets);
    world.runUntil(until ?? scenario.duration);
    const entries = world.visibleTrace();
    const out =
      format === 'json'
        ? JSON.stringify(entries, null, 1)
        : format === 'plugin-log'
          ? pluginLogLines(entries).join('\n')
          : formatTrace(entries);
    return { code: 0, stdout: `${out}\n`, stderr: '' };
  } catch (e) {
    if (e instanceof ConfigError) return fail(`--set ${e.message}`);
    if (e instanceof SetError) return fail(e.message);
    return fail((e as Error).message, 1);
  }
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
): World {
  try {
    return new World(spec);
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
