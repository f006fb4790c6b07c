// The system Chromium (TOOLCHAIN.md): CHROME_PATH, or Debian's /usr/bin/chromium. Missing → a plain error.

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export async function launchChromium(): Promise<Browser> {
  const path = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}. The browser tests need one: set CHROME_PATH to a Chromium or Chrome binary, ` +
        "or install your distribution's package (Debian/Ubuntu: sudo apt-get install chromium).",
    );
  }
  return chromium.launch({
    executablePath: path,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
