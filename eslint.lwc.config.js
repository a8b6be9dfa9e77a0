// ESLint 9 flat config for the Lightning web components (npm run lint:lwc).
// Follows the @salesforce/eslint-config-lwc README: spread the `recommended` config array.
// The root eslint.config.js lints the TypeScript only and ignores force-app/.
import lwcConfig from "@salesforce/eslint-config-lwc";
import globals from "globals";

export default [
  { ignores: ["**/node_modules/**", "coverage/**"] },
  ...lwcConfig.configs.recommended,
  {
    // Jest tests only: mock factories call require() (sfdx-lwc-jest runs them under Node).
    files: ["**/lwc/**/__tests__/**/*.js"],
    languageOptions: { globals: { ...globals.node } },
    // Tests wait for LWC re-renders with setTimeout (flushPromises); shipped code may not.
    rules: { "@lwc/lwc/no-async-operation": "off" }
  }
];
