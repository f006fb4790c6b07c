// `npm run trace -- --scenario ten-steps --seed N --format text|json`, `--list`: a run's trace, headless.

import { traceCommand } from './traceCommand.ts';

const result = traceCommand(process.argv.slice(2));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
