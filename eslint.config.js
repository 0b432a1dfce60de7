// ESLint flat config: typescript-eslint (type-aware, so no-floating-promises
// works), Convex's recommended rules for convex/, React hooks for app/.
import js from "@eslint/js";
import convexPlugin from "@convex-dev/eslint-plugin";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "public/build/",
      "**/_generated/",
      ".local-data/",
      "test-results/",
      "**/*.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...convexPlugin.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
        },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
  {
    // Access control cannot be forgotten: public functions are registered
    // only through the builders in convex/functions.ts (ADR 0011).
    files: ["convex/**/*.ts"],
    ignores: ["convex/functions.ts", "convex/_generated/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "./_generated/server",
              importNames: ["query", "mutation", "action"],
              message:
                "Register public functions with the builders in convex/functions.ts (publicQuery, userQuery, userMutation, adminQuery, adminMutation, userAction).",
            },
            {
              name: "../_generated/server",
              importNames: ["query", "mutation", "action"],
              message:
                "Register public functions with the builders in convex/functions.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    // Convex evaluates auth.config.ts when functions are pushed and tests set
    // the deployment's variables; neither runs inside a function. when functions are pushed; it has no
    // `env` export to import, so it reads process.env directly.
    files: [
      "convex/auth.config.ts",
      "convex/**/*.test.ts",
      "convex/test.setup.ts",
      "convex/*.testkit.ts",
    ],
    rules: { "@convex-dev/no-process-env": "off" },
  },
);
