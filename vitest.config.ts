import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

/** The app's bundles load the model's statecharts through these definitions instead of XState. */
const shipped = [
  {
    find: /^xstate$/,
    replacement: fileURLToPath(new URL('./src/simulation/xstateDefinitions.ts', import.meta.url)),
  },
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/components/**', 'test/shipped/**'],
          environment: 'node',
          // Some runs simulate minutes of a busy cluster; on a loaded 2-core machine they take seconds.
          testTimeout: 30000,
        },
      },
      {
        // The unit tests again, with the model built as the app's bundles build it (xstateDefinitions.ts
        // in place of XState, vite.config.ts): a statechart feature the runner lacks fails here too.
        resolve: { alias: shipped },
        test: {
          name: 'shipped',
          include: ['test/**/*.test.ts'],
          exclude: [
            'test/browser/**',
            'test/components/**',
            // These drive XState itself, to compare the runner with it.
            'test/simulation/machineRunner.test.ts',
            'test/simulation/simClock.test.ts',
            'test/simulation/xstateDefinitions.test.ts',
          ],
          environment: 'node',
          testTimeout: 30000,
        },
      },
      {
        plugins: [svelte(), svelteTesting()],
        test: {
          name: 'components',
          include: ['test/components/**/*.test.ts'],
          environment: 'jsdom',
        },
      },
      {
        plugins: [svelte(), svelteTesting()],
        resolve: { alias: shipped },
        test: {
          name: 'components-shipped',
          include: ['test/components/**/*.test.ts'],
          environment: 'jsdom',
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/globalSetup.ts'],
          testTimeout: 60000,
          hookTimeout: 60000,
        },
      },
    ],
  },
});
