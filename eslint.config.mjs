// ESLint (flat config): the recommended rules of ESLint and typescript-eslint, plus the layer
// rules below. Formatting is Prettier's job (.prettierrc.json); nothing here is about layout.
// `npm run lint`; scripts/test-all.mjs runs it as a test.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// What the pure core may not import (server/src/core/tsconfig.json makes these compile errors
// too; the lint message says why, in the editor, before a build).
const NOT_IN_THE_CORE = {
  paths: ['fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https', 'net', 'util', 'vscode'].map((name) => ({
    name,
    message: 'The core is pure: the file system, processes and the editor come in through adapters (server/src/node, lsp, cli).',
  })),
  patterns: [
    {
      group: ['node:*'],
      message: 'The core runs on any host: no Node modules (server/src/core/host.d.ts lists the host globals it may use).',
    },
    { group: ['vscode-languageserver*'], message: 'The core knows no LSP connection: server/src/lsp adapts it.' },
    {
      group: ['**/lsp/*', '**/cli/*', '**/dryRun/*', '**/endpoint/*', '**/debug/*', '**/node/*'],
      message: 'The core depends on no adapter.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'media/dist/',
      '.e2e/',
      'test-results/',
      'bench/results/',
      '.vscode-test/',
      'test/*/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter a signature needs but the body does not read (the code's habit).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Libraries are loaded lazily with require() where most runs never need them (jsonata in the
      // core, the peers in bench/): a load-time choice, not an old habit.
      '@typescript-eslint/no-require-imports': 'off',
      // Control characters in patterns are on purpose: JSON strings, state names and SVG text are
      // checked for them (RFC 8259 §7, XML 1.0 §2.2).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', NOT_IN_THE_CORE],
    },
  },
  {
    // Tests match the CLI's aligned columns literally: two spaces read as the output shows them.
    files: ['test/**/*.ts'],
    rules: { 'no-regex-spaces': 'off' },
  },
  {
    // The webview runs in a browser; the examples and the VS Code test suites in their hosts.
    files: ['media/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/e2e/**/*.js', 'scripts/e2e/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.mocha, ...globals.browser } },
  },
);
