// The system Chromium (TOOLCHAIN.md) as `npm run bench` and the browser tests launch it: CHROME_PATH, or
// Debian's /usr/bin/chromium, headless with the switches that keep it quiet in a container.

import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Chromium is, or why there is none: what to set or install. */
export function chromiumPath(): { path: string } | { missing: string } {
  const path = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return { path };
  return {
    missing:
      `no Chromium at ${path}; set CHROME_PATH to a Chromium or Chrome binary, ` +
      'or install one (Debian/Ubuntu: apt-get install chromium)',
  };
}
