// The system Chromium for the browser tests (src/cli/chromium.ts); missing → an error that says what to do.

import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../src/cli/chromium.ts';

export async function launchChromium(): Promise<Browser> {
  const where = chromiumPath();
  if ('missing' in where) throw new Error(`The browser tests need a Chromium: ${where.missing}.`);
  return chromium.launch({ executablePath: where.path, args: [...CHROMIUM_ARGS] });
}
