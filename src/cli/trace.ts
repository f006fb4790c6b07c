// `npm run trace -- --scenario ten-steps --seed N --format text|json`, `--list`: a run's trace, headless.

import { findScenario, scenarios } from '../scenarios/index.ts';
import { runSpecOf } from '../scenarios/scenario.ts';
import { formatTrace } from '../simulation/trace.ts';
import { World } from '../simulation/world.ts';

interface Options {
  list: boolean;
  scenario: string;
  seed: number | null;
  format: 'text' | 'json';
  until: number | null;
}

class UsageError extends Error {}

function parse(argv: string[]): Options {
  const o: Options = { list: false, scenario: 'ten-steps', seed: null, format: 'text', until: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--list':
        o.list = true;
        break;
      case '--scenario':
        o.scenario = value();
        break;
      case '--seed': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 0xffffffff)
          throw new UsageError(`--seed: "${v}" is not a whole number from 0 to 4294967295`);
        o.seed = Number(v);
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--format: "${v}" is not one of text, json`);
        o.format = v;
        break;
      }
      case '--until': {
        const v = value();
        if (!/^\d+(\.\d+)?$/.test(v)) throw new UsageError(`--until: "${v}" is not a number of seconds`);
        o.until = Math.round(Number(v) * 1000);
        break;
      }
      default:
        throw new UsageError(
          `unknown option ${arg} (options: --list, --scenario ID, --seed N, --format text|json, --until SECONDS)`,
        );
    }
  }
  return o;
}

function main(argv: string[]): number {
  let o: Options;
  try {
    o = parse(argv);
  } catch (e) {
    process.stderr.write(`trace: ${(e as Error).message}\n`);
    return 2;
  }
  if (o.list) {
    for (const s of scenarios) process.stdout.write(`${s.id}  ${s.title}\n`);
    return 0;
  }
  const scenario = findScenario(o.scenario);
  if (!scenario) {
    process.stderr.write(`trace: unknown scenario "${o.scenario}" (see --list)\n`);
    return 2;
  }
  try {
    const world = new World(runSpecOf(scenario, o.seed ?? scenario.defaultSeed));
    world.runUntil(o.until ?? scenario.duration);
    const entries = world.visibleTrace();
    process.stdout.write(
      o.format === 'json' ? `${JSON.stringify(entries, null, 1)}\n` : `${formatTrace(entries)}\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`trace: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
