// @ts-check
import nextPlugin from "@next/eslint-plugin-next";
import drizzle from "eslint-plugin-drizzle";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** Files that may read process.env directly; everything else imports `env` from server/env.ts. */
const envReaders = ["server/env.ts", "scripts/**", "e2e/**", "testing/**", "*.config.{ts,mts,mjs,js}"];

/**
 * The layers (docs/architecture.md), bottom up: contracts → db → jobs → server → worker, app.
 * Each imports only from the layers below it; `components/` sees contracts and the tRPC client
 * types only. Tests and test infrastructure (`testing/`) may reach across, to build fixtures.
 */
const layer = (name, ...forbidden) => ({
  group: forbidden.flatMap((folder) => [
    `@/${folder}`,
    `@/${folder}/**`,
    `**/../${folder}`,
    `**/../${folder}/**`,
  ]),
  message: `${name} sits below ${forbidden.join(", ")}: move the shared piece down (often into contracts/) instead.`,
});
const layerRules = [
  {
    files: ["contracts/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!zod$|\\./)",
              message: "contracts/ is the bottom layer: it imports only zod and other contracts.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["db/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [layer("db/", "server", "jobs", "worker", "app", "components", "scripts", "testing")] },
      ],
    },
  },
  {
    files: ["jobs/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            layer("jobs/ (the job contract)", "server", "worker", "app", "components", "scripts", "testing"),
          ],
        },
      ],
    },
  },
  {
    files: ["server/**/*.ts", "server/**/*.tsx"],
    ignores: ["**/*.test.ts", "server/**/testing/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [layer("server/", "worker", "app", "components", "scripts", "testing")] },
      ],
    },
  },
  {
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              ...layer("components/", "server", "db", "jobs", "worker", "app", "scripts", "testing"),
              // the tRPC client is typed from the router: `import type { AppRouter }` is no server code
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      "coverage/**",
      "e2e/.auth/**",
      "public/**",
      "next-env.d.ts",
      // git-ignored scratch space (.gitignore: /tmp/)
      "tmp/**",
    ],
  },
  {
    files: ["**/*.{ts,tsx,mts,js,mjs}"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      // async event handlers in JSX (onClick={async () => ...}) are fine; promises elsewhere are not.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // Route handlers, tRPC resolvers and job handlers are async by contract even without an await.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration from `env` in server/env.ts, where it is validated.",
        },
      ],
    },
  },
  {
    // Config files and plain JS are outside tsconfig's program.
    files: ["**/*.{js,mjs,cjs}"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: envReaders,
    rules: { "no-restricted-properties": "off" },
  },
  {
    // expect.any(), expect.stringContaining() and friends are typed `any` by design.
    files: ["**/*.test.ts", "e2e/**/*.ts"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off" },
  },
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { drizzle },
    rules: {
      // A delete or update without .where() would touch every row.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
    },
  },
  ...layerRules,
  nextPlugin.configs.recommended,
  nextPlugin.configs["core-web-vitals"],
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ...reactHooks.configs.flat.recommended,
  },
);
