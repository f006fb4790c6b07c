import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  resolve: {
    // The model's machines are XState v5 definitions, run by the simulation's own runner: the app loads
    // those definitions as plain data (src/simulation/xstateDefinitions.ts) instead of XState's runtime,
    // about 12 KB gzip. Tests (vitest.config.ts) run them with XState itself and compare.
    alias: [
      {
        find: /^xstate$/,
        replacement: fileURLToPath(new URL('./src/simulation/xstateDefinitions.ts', import.meta.url)),
      },
    ],
  },
  // Browsers that run module workers have modulepreload: no polyfill for it in the first load.
  // The bundles are final: no bundler reads their /* @__PURE__ */ annotations after this one.
  // Relative addresses: the build works from any sub-path (a docs site's /lab/, a file share).
  base: './',
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // The page, and the custom element as an ES module of its own at a name that does not change.
      input: { index: 'index.html', 'failover-lab': 'src/embed/element.ts' },
      // The element's module exports mount() for pages that call it.
      preserveEntrySignatures: 'exports-only',
      output: {
        comments: false,
        entryFileNames: (chunk) =>
          chunk.name === 'failover-lab' ? 'failover-lab.js' : 'assets/[name]-[hash].js',
      },
    },
  },
  // The simulation's worker is a module worker: what it loads later (the canvas painter) is a chunk of
  // its own, not part of the first load.
  worker: { format: 'es', rolldownOptions: { output: { comments: false } } },
});
