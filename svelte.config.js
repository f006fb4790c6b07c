import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
  // No version marker on window: a few bytes less in the first load.
  compilerOptions: { discloseVersion: false },
};
