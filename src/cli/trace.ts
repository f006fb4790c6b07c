// `npm run trace -- --scenario ten-steps --seed N --format text|json`, `--list`: a run's trace, headless.

import { traceCommand } from './traceCommand.ts';

// A reader that stops early (`| head -1`) closes the pipe: that ends the command quietly, not with a stack.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

const result = traceCommand(process.argv.slice(2));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
