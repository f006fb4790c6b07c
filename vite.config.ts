import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // Browsers that run module workers have modulepreload: no polyfill for it in the first load.
  build: { target: 'es2022', modulePreload: { polyfill: false } },
  // The simulation's worker is a module worker: what it loads later (the canvas painter) is a chunk of
  // its own, not part of the first load.
  worker: { format: 'es' },
});
