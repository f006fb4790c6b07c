import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/components/**'],
          environment: 'node',
          // Some runs simulate minutes of a busy cluster; on a loaded 2-core machine they take seconds.
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
