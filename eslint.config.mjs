// @ts-check
import nextPlugin from "@next/eslint-plugin-next";
import drizzle from "eslint-plugin-drizzle";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** Files that may read process.env directly; everything else imports `env` from server/env.ts. */
const envReaders = ["server/env.ts", "scripts/**", "e2e/**", "db/testing/**", "*.config.{ts,mts,mjs,js}"];

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
  nextPlugin.configs.recommended,
  nextPlugin.configs["core-web-vitals"],
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ...reactHooks.configs.flat.recommended,
  },
);
