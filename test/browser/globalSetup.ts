// Builds the app and serves the production build for the browser tests.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The preview server's port; LAB_TEST_PORT moves it, so two checkouts can run their browser tests at once. */
export const PORT = Number(process.env.LAB_TEST_PORT ?? 4179);
let server: ChildProcess | undefined;

export async function setup(): Promise<void> {
  // The production build: vitest sets NODE_ENV=test, with which Vite would resolve Svelte's development
  // build instead.
  const build = spawnSync('./node_modules/.bin/vite', ['build', '--logLevel', 'error'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) throw new Error('vite build failed');
  if (!existsSync('dist/index.html')) throw new Error('vite build produced no dist/index.html');
  server = spawn(
    './node_modules/.bin/vite',
    ['preview', '--host', '127.0.0.1', '--strictPort', '--port', String(PORT)],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${PORT}/`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`vite preview did not answer on port ${PORT}`);
}

export function teardown(): void {
  server?.kill();
}
