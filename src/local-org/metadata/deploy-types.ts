/** Shapes of a Metadata API deploy: options, component messages, the DeployResult, the test-runner hook. */

/** What a deploy asks the Apex test runner (the Apex runtime supplies it through startLocalOrg). */
export interface ApexTestRunRequest {
  testLevel: string;
  /** RunSpecifiedTests: the named classes; other levels: empty (the runner picks the org's test classes). */
  classNames: string[];
}

export interface ApexTestRunResult {
  numTestsRun: number;
  numFailures: number;
  totalTime: number;
  successes: { name: string; methodName: string; time?: number }[];
  failures: {
    name: string;
    methodName: string;
    message: string;
    stackTrace?: string;
    type?: string;
    problemType?: string;
  }[];
  /** Per-class line coverage (non-test classes), as the Metadata API's RunTestsResult reports it. */
  codeCoverage?: { name: string; type?: string; numLocations: number; numLocationsNotCovered: number }[];
}

/**
 * Runs Apex tests synchronously inside the deploy's transaction, after registration, so tests see the
 * deployed code and schema; failures roll the deploy back. The runner isolates each test's data.
 */
export type ApexTestRunner = (request: ApexTestRunRequest) => ApexTestRunResult;

/**
 * Runs a deploy's Apex tests before the deploy is applied, off this thread (the server's Apex worker
 * rehearses the deploy in a transaction of its own, runs the tests there and rolls it back), and answers
 * the runner the apply then calls for their result.
 */
export type ApexTestRehearsal = (zip: Buffer, options: DeployOptions) => Promise<ApexTestRunner>;

/**
 * Compiles every deployed Apex class (inside the deploy's transaction, after registration) and
 * returns the problems; any problem fails the deploy, as an org's compile on deploy does.
 */
export type ApexCompiler = () => readonly { file: string; line: number; column: number; message: string }[];

export interface DeployOptions {
  checkOnly?: boolean;
  testLevel?: string;
  runTests?: string[];
  /** Set by the server from startLocalOrg's `runApexTests`; not part of the Metadata API's options. */
  testRunner?: ApexTestRunner;
  /** Set by the server when Apex runs in workers: the tests run there first (replaces testRunner). */
  rehearseTests?: ApexTestRehearsal;
  /** Set by the server when the Apex runtime is on; not part of the Metadata API's options. */
  apexCompiler?: ApexCompiler;
  rollbackOnError?: boolean;
  ignoreWarnings?: boolean;
  /** Set by the server from the org type: production enforces test levels and code coverage. */
  production?: boolean;
  /** Set by the server when the Apex runtime is on: the classes of pending or running scheduled jobs. */
  scheduledClasses?: () => readonly string[];
}

export interface ComponentMessage {
  changed: boolean;
  columnNumber?: number;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  id?: string;
  lineNumber?: number;
  problem?: string;
  problemType?: 'Error' | 'Warning';
  success: boolean;
}

export interface DeployResultBody {
  id: string;
  checkOnly: boolean;
  completedDate: string;
  createdBy: string;
  createdByName: string;
  createdDate: string;
  details: {
    componentSuccesses: ComponentMessage[];
    componentFailures: ComponentMessage[];
    runTestResult: Record<string, unknown>;
  };
  done: boolean;
  ignoreWarnings: boolean;
  lastModifiedDate: string;
  numberComponentErrors: number;
  numberComponentsDeployed: number;
  numberComponentsTotal: number;
  numberTestErrors: number;
  numberTestsCompleted: number;
  numberTestsTotal: number;
  rollbackOnError: boolean;
  runTestsEnabled: boolean;
  startDate: string;
  status: 'Succeeded' | 'Failed';
  success: boolean;
  errorMessage?: string;
  errorStatusCode?: string;
}
