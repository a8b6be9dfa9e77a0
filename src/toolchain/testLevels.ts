/** Test levels the toolchain offers for deploys (production orgs refuse NoTestRun with Apex). */
export const TEST_LEVELS = ['RunSpecifiedTests', 'RunLocalTests', 'NoTestRun'] as const;
export type TestLevel = (typeof TEST_LEVELS)[number];
