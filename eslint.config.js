// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'

const direction = (message, groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((group) => ({ group, message })) }],
})

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'apps/server/migrations/**',
      'e2e/screenshots/**',
      'e2e/.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...vue.configs['flat/recommended'],
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser },
    },
  },
  {
    // Tests read JSON responses, which are untyped by nature; asserting on them is the point.
    files: ['**/*.test.ts', '**/*.spec.ts', 'apps/server/src/test-support/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Import directions: domain <- contracts <- dispatch, api-client, ui <- apps.
  {
    files: ['packages/domain/src/**'],
    rules: direction('packages/domain is pure: no I/O and no other workspace package.', [
      ['@doorstep/*', 'node:*', 'fs', 'pg', 'drizzle-orm', 'fastify', 'vue'],
    ]),
  },
  {
    files: ['packages/contracts/src/**'],
    rules: direction('contracts may import only @doorstep/domain and zod.', [
      ['@doorstep/*', '!@doorstep/domain', 'node:*', 'pg', 'drizzle-orm', 'fastify', 'vue'],
    ]),
  },
  {
    files: ['packages/api-client/src/**', 'packages/ui/src/**', 'packages/dispatch/src/**'],
    rules: direction('shared packages import only domain and contracts.', [
      [
        '@doorstep/server',
        '@doorstep/admin',
        '@doorstep/portal',
        '@doorstep/worker',
        'pg',
        'drizzle-orm',
      ],
    ]),
  },
  {
    files: ['apps/server/src/platform/**'],
    rules: direction('platform/ never imports a module.', [['**/modules/**']]),
  },
  {
    files: ['apps/server/src/modules/**'],
    // Table files may reference another module's tables for foreign keys (drizzle-kit loads them alone).
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^\.\./(?!\.\.)[^/]+/(?!index(\.ts)?$)(?![^/]+\.tables\.ts$)`,
              message: "a module calls another module only through that module's index.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/admin/src/**'],
    rules: direction('the console talks to the server only through @doorstep/api-client.', [
      ['@doorstep/server', '**/apps/server/**', 'drizzle-orm', 'pg'],
    ]),
  },
)
