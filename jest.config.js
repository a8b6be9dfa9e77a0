// Jest for the Lightning web components (npm run test:lwc), on top of sfdx-lwc-jest's defaults.
// Only force-app is searched so that the mocha suites under test/ are never picked up.
import { jestConfig } from "@salesforce/sfdx-lwc-jest/config.js";

export default {
  ...jestConfig,
  roots: ["<rootDir>/force-app"],
  testMatch: ["**/lwc/**/__tests__/**/*.test.js"],
  // npm test runs jest beside mocha's workers: on a loaded machine jest's default 5 s per test
  // timed out a test that passes in 0.1 s idle (mocha's timeout is 60 s too)
  testTimeout: 60000,
  collectCoverageFrom: [
    "force-app/main/default/lwc/**/*.js",
    "!**/__tests__/**"
  ],
  coverageDirectory: "<rootDir>/coverage/lwc",
  coverageReporters: ["text", "text-summary", "lcov"],
  coverageThreshold: {
    global: { statements: 90, branches: 80, functions: 90, lines: 90 }
  }
};
