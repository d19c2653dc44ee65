// Lint, including the architecture's import boundaries (DESIGN section 1):
// renderer/ and shared/ never import electron/ code, `electron` or Node built-ins;
// only the shell (electron/main-thread/) imports `electron`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const electronRestriction = {
  name: 'electron',
  message: 'Only electron/main-thread/ may import electron; the core sees it through electron/foundation/ports.ts.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-artifacts/**', 'bench-results/**', '.ci/node/**', 'migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main-thread/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronRestriction] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronRestriction,
            ...nodeBuiltins.map((name) => ({ name, message: 'renderer/ and shared/ run in the browser: no Node built-ins.' })),
          ],
          patterns: [
            { group: ['**/electron/**', '../electron', '../../electron'], message: 'renderer/ and shared/ never import main-process code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Command-line entry points and test harnesses print to the terminal on purpose.
    files: ['bench/**/*.ts', 'scripts/**/*.{js,mjs,ts}'],
    rules: { 'no-console': 'off' },
  },
);
