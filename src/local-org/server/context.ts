/** What every request handler gets: the request, its parsed URL and body, and the org's state. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../store/store.js';
import type { Sessions } from './auth.js';
import type { Faults } from './faults.js';
import type { ExternalFixtures } from '../org/fixtures/index.js';
import type { QueryCursors } from './query-cursors.js';
import type { StreamingHub } from './streaming.js';
import type { DebugLogs } from '../org/debug-logs.js';
import type { AnonymousExecutor } from '../org/anonymous.js';
import type { TestRunRecords } from '../org/test-runs.js';
import type { TestRunReport, TestSelection } from '../apex/testing/runner.js';
import type { ApexCompiler, ApexTestRehearsal, ApexTestRunner } from '../metadata/deploy-types.js';
import type { DmlRowResult } from '../apex/data-layer.js';
import type { ApiWrite } from '../apex/triggers/api.js';

export type { ApiWrite };

/** What the org offers for API writes that fire triggers (set when the Apex runtime runs). */
export interface ApiWriteRunner {
  /** In an Apex worker: the write and its triggers in one transaction. */
  run(write: ApiWrite): Promise<DmlRowResult[]>;
  /** On this thread (requests of the in-process transport). */
  runHere(write: ApiWrite): DmlRowResult[];
}

/**
 * What the router needs of the org's Lightning pages (src/local-org/console's ConsoleHost): declared
 * here so that the HTTP context does not import the console, which imports this context.
 */
export interface PageHost {
  /** Whether the path is one of the pages'. */
  handles(path: string): boolean;
  handle(ctx: RequestContext): Promise<void>;
}

export interface DeployRecord {
  id: string;
  result: Record<string, unknown>;
}

export interface OrgState {
  store: Store;
  sessions: Sessions;
  cursors: QueryCursors;
  faults: Faults;
  /** Answers callouts to hosts other than this org (control API /__local/fixtures, --fixtures folder). */
  fixtures: ExternalFixtures;
  deploys: Map<string, DeployRecord>;
  /** Streaming API clients and their pending events (/cometd). */
  streaming: StreamingHub;
  /** ApexLog rows and bodies of traced transactions. */
  debugLogs: DebugLogs;
  /** Metadata API retrieve results by id (checkRetrieveStatus reads them). */
  retrieves: Map<string, Record<string, unknown>>;
  /** Apex test runs for the Tooling API's test objects. */
  testRuns: TestRunRecords;
  instanceUrl: string;
  maxBodyBytes: number;
  /** The control API's secret (printed at start; header X-Local-Org-Secret). */
  controlSecret: string;
  /** Where a --data-dir org keeps its data (reset/seed then need {"dropData": true}). */
  dataDir?: string;
  /** API requests counted today (org clock), for `/limits` and the `Sforce-Limit-Info` header. */
  apiUsage: { day: string; count: number };
  /** Set by the Apex runtime; without it executeAnonymous reports execution as unsupported. */
  executeAnonymous?: AnonymousExecutor;
  /**
   * True when `executeAnonymous` reports the code's syntax errors itself (the Apex workers parse it off
   * the HTTP thread); the SOAP and Tooling handlers then do not parse it first.
   */
  anonymousChecksSyntax?: boolean;
  /** Set by the Apex runtime; without it a deploy that asks for tests fails as unsupported. */
  runApexTests?: ApexTestRunner;
  /** Set by the Apex workers: a deploy's tests run there, on a rehearsal of the deploy (org/deploy-tests.ts). */
  rehearseDeployTests?: ApexTestRehearsal;
  /** Set by the Apex workers: runs Apex tests (Tooling runTests*) in a worker; without it on this thread. */
  runTests?: (tests?: readonly TestSelection[]) => Promise<TestRunReport>;
  /** Set by the Apex runtime: API writes on objects with active triggers run through it (triggered-writes.ts). */
  apiWrites?: ApiWriteRunner;
  /** Set by the Apex runtime; compiles the deployed classes on every deploy (problems fail it). */
  compileApex?: ApexCompiler;
  /** The Lightning pages (console) the org serves: /lightning/…, /secur/frontdoor.jsp. */
  console?: PageHost;

  /** Logs a true internal error (a bug, not the client's input); see errors-http.ts. */
  onInternalError: (e: unknown) => void;
  /** Set by the Apex runtime: the classes of pending or running scheduled jobs (they block redeploys). */
  scheduledClasses?: () => readonly string[];
  /** Called after the control API moves the clock (the Apex runtime fires due scheduled jobs). */
  onClockChange?: () => void;
  /** Called after the API published platform events (the Apex runtime delivers them to their triggers). */
  onEventsPublished?: () => void;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path with repeated slashes collapsed (the CLI sends `//services/...`). */
  path: string;
  url: URL;
  body: Buffer;
  org: OrgState;
  /** Set for a request of the in-process transport (an Apex callout to this org's own API). */
  inProcess?: boolean;
}

/** Latest API version served; versions 31.0 through this one are accepted. */
export const MAX_API_VERSION = 66;
export const MIN_API_VERSION = 31;
export const DAILY_API_REQUESTS = 15000;
