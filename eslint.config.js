// ESLint flat config for the project's TypeScript (src, scripts, test, bench).
// The Lightning web components have their own config: eslint.lwc.config.js.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".tools/**",
      "force-app/**",
      "coverage/**",
      ".sf/**",
      ".sfdx/**",
      "test/fixtures/**",
      ".tmp-*/**",
      "test-output/**"
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }
      ],
      eqeqeq: ["error", "always"],
      "no-console": "off"
    }
  },
  {
    // Browser modules of the local org's Lightning pages (compiled by the LWC compiler, run in the page).
    files: ["src/local-org/console/client/**/*.js"],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: ["test/**/*.ts"],
    languageOptions: { globals: { ...globals.mocha } },
    rules: { "@typescript-eslint/no-unused-expressions": "off" }
  }
);
