// The trace command's logic, apart from the process, so it can be tested in-process.

import { ConfigError } from '../model/config.ts';
import { parseAssignment, setParameter } from '../io/configOverrides.ts';
import { findScenario, scenarios } from '../scenarios/index.ts';
import { runSpecOf } from '../scenarios/scenario.ts';
import { formatTrace } from '../simulation/trace.ts';
import { pluginLogLines } from '../io/pluginLog.ts';
import { World } from '../simulation/world.ts';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

const usage =
  'options: --list, --scenario ID, --seed N, --format text|json|plugin-log, --until SECONDS, --set PATH=VALUE (repeatable)';

/** `trace --scenario ten-steps --seed N --format text|json`, `trace --list`. */
export function traceCommand(argv: readonly string[]): CommandResult {
  let list = false;
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
        if (!/^\d+(\.\d+)?$/.test(v!)) return fail(`--until: "${v}" is not a number of seconds`);
        until = Math.round(Number(v) * 1000);
        break;
      case '--set':
        sets.push(v!);
        break;
      default:
        return fail(`unknown option ${arg} (${usage})`);
    }
  }
  if (list) {
    return { code: 0, stdout: scenarios.map((s) => `${s.id}  ${s.title}\n`).join(''), stderr: '' };
  }
  const scenario = findScenario(scenarioId);
  if (!scenario) return fail(`unknown scenario "${scenarioId}" (see --list)`);
  try {
    const spec = runSpecOf(scenario, seed ?? scenario.defaultSeed);
    for (const s of sets) {
      const { path, text } = parseAssignment(s);
      spec.config = setParameter(spec.config, path, text);
    }
    const world = new World(spec);
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
    return fail((e as Error).message, 1);
  }
}
