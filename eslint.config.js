import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const pureCoreRestrictions = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['svelte', 'svelte/*', 'd3', 'd3-*'],
          message: 'model/ and simulation/ stay free of UI libraries.',
        },
        {
          group: ['**/view/**', '**/ui/**', '**/app/**', '**/embed/**', '**/cli/**', '**/io/**'],
          message: 'Layers import only from layers above them (DESIGN.md §2).',
        },
      ],
    },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Chance comes only from the seeded generator.' },
    { object: 'Date', property: 'now', message: 'Time comes only from the simulated clock.' },
    { object: 'performance', property: 'now', message: 'Time comes only from the simulated clock.' },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Time comes only from the simulated clock.' },
    { name: 'setInterval', message: 'Time comes only from the simulated clock.' },
    { name: 'requestAnimationFrame', message: 'The model never animates.' },
    { name: 'Date', message: 'Time comes only from the simulated clock.' },
  ],
};

export default defineConfig([
  { ignores: ['dist/', 'node_modules/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['src/model/**/*.ts', 'src/simulation/**/*.ts', 'src/scenarios/**/*.ts'],
    rules: pureCoreRestrictions,
  },
  {
    // The model's statecharts come through model/statechart.ts: only what the shipped runner supports.
    files: ['src/model/**/*.ts'],
    ignores: ['src/model/statechart.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'xstate',
              message:
                'Import statecharts from ./statechart.ts: it exports what the simulation runner supports.',
            },
          ],
          patterns: pureCoreRestrictions['no-restricted-imports'][1].patterns,
        },
      ],
    },
  },
]);
