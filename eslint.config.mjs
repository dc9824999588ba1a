// ESLint flat config (`npm run lint`): typescript-eslint's recommended rules, without type information
// (the type-aware set tripled the lint time and added mostly no-unsafe-* findings on parsed JSON in tests).
// Formatting is Prettier's job (.prettierrc.json): eslint-config-prettier turns the formatting rules off.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // A disable comment that no longer disables anything is an error too, so none outlives its reason.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    // Build output, local state, installed packages and generated files (as in .gitignore and .prettierignore).
    ignores: ['node_modules/', 'cdktf.out/', 'dist/', '.terraform/', '.tmp/', 'coverage/', 'state/', '__tests__/fixtures/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // Same convention as tsc's noUnusedParameters: a leading _ marks a name that is unused on purpose;
      // a property taken out of an object with `...rest` is unused by design.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // === everywhere, except `== null`, which tests null and undefined together.
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // CommonJS files run by jest itself (jest.config.js, the esbuild transformer): require() is their import.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', __filename: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
