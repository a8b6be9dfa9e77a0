/**
 * The local org's HTTP server (node:http) and `startLocalOrg`, which runs it in-process.
 * Every request is answered with a Salesforce-shaped body; no input crashes the server.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Clock } from '../store/clock.js';
import { disposeOrgStore, openOrgStore, readSeedFile } from '../store/index.js';
import type { SeedSpec } from '../store/seed.js';
import { orgTypeOf, type OrgType } from '../store/org-type.js';
import type { CurrencyMode } from '../store/currency-features.js';
import type { SeedForToday } from '../store/index.js';
import type { Store } from '../store/store.js';
import { Sessions } from './auth.js';
import type { OrgState } from './context.js';
import { Faults } from './faults.js';
import { ExternalFixtures, answerExternal, loadFixturesFolder } from '../org/fixtures/index.js';
import { sendJson } from './http-util.js';
import { QueryCursors } from './query-cursors.js';
import { configureParseCache } from '../apex/front-end/index.js';
import { ApexWorkerPool } from '../org/apex-pool.js';
import { DeployedRuntime } from '../org/deployed-runtime.js';
import { runApiWrite } from '../apex/triggers/api.js';
import { orgCollaborators } from '../org/runtime-collaborators.js';
import { DebugLogs } from '../org/debug-logs.js';
import { StreamingHub } from './streaming.js';
import { createDeployTestRunner } from '../org/apex-tests.js';
import { createTestRehearsal } from '../org/deploy-tests.js';
import { createDeployCompiler } from '../org/apex-compile.js';
import { dispatchInProcess } from './in-process.js';
import { TestRunRecords } from '../org/test-runs.js';
import type { AnonymousExecutor } from '../org/anonymous.js';
import { ConsoleHost } from '../console/index.js';

import { handle } from './handle.js';
import { internalError } from './errors-http.js';
import { CLI_CLIENT_ID } from './oauth-clients.js';
import type { ApexTestRunner } from '../metadata/deploy.js';

export interface LocalOrgOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to bind; loopback unless told otherwise. */
  host?: string;
  /** Keep the org in <dataDir>/org.sqlite so it survives restarts. */
  dataDir?: string;
  /**
   * A SeedSpec, the path of a JSON seed file, or a function of the org's "today" (its clock in its time
   * zone) answering the SeedSpec; the default seed otherwise.
   */
  seed?: SeedSpec | string | SeedForToday;
  /** The org clock, or where to start it and in which time zone. */
  clock?: Clock | { now?: string; timeZone?: string; freeze?: boolean };
  accessTokenTtlSeconds?: number;
  /**
   * production | sandbox | scratch | developer (default for a new org: developer, a Developer Edition
   * org). Sets the Organization record (IsSandbox, OrganizationType, TrialExpirationDate) and the deploy
   * rules (production refuses NoTestRun and enforces code coverage). An existing --data-dir org keeps its
   * type unless this is given.
   */
  orgType?: OrgType;
  /**
   * A new org's currency features: `acm` (default: multiple currencies with effective dates),
   * `multi` (no DatedConversionRate), `single` (no CurrencyType either). A CurrencySettings deploy
   * turns them on; an existing --data-dir org keeps its own.
   */
  currency?: CurrencyMode;
  maxBodyBytes?: number;
  /**
   * Anonymous-Apex executor. By default the local Apex runtime runs the code against the deployed
   * classes (see org/apex-host.ts); pass your own to replace it.
   */
  executeAnonymous?: AnonymousExecutor;
  /** false: no Apex runtime (executeAnonymous then reports execution as unsupported, as before). */
  apexRuntime?: boolean;
  /**
   * How many Apex worker threads may run transactions at once (default 1; docs/local-org.md, "Apex off
   * the event loop"). Workers start on first use; `org.apex.warm()` starts one ahead.
   */
  apexWorkers?: number;
  /** The Apex runtime's test runner for deploys with a test level; without it such deploys fail as unsupported. */
  runApexTests?: ApexTestRunner;
  /** Folder of `*.fixtures.json` manifests answering callouts to external hosts (see docs/local-org.md). */
  fixturesDir?: string;
  /** The control API's secret; a random one by default (LocalOrg.controlSecret). */
  controlSecret?: string;
  /**
   * A folder for the on-disk cache of parsed Apex (content-hashed by parser version and source; see
   * docs/apex-runtime.md, "Phases"), shared by runs and by this process's Apex workers. It configures the
   * process's Apex front end (front-end/parse-cache.ts). Without it nothing is written.
   */
  apexParseCacheDir?: string;
  /** Called with unexpected (non-Salesforce) errors; defaults to console.error. */
  onInternalError?: (e: unknown) => void;
}

export interface LocalOrg {
  instanceUrl: string;
  port: number;
  orgId: string;
  userId: string;
  username: string;
  /** The org's type (production, sandbox, scratch, developer). */
  orgType: OrgType;
  /** An access token issued at start-up. */
  accessToken: string;
  /** A refresh token issued at start-up (to the sf CLI's client app, PlatformCLI). */
  refreshToken: string;
  /** The control API's secret: send it as `X-Local-Org-Secret` (or use an admin access token). */
  controlSecret: string;
  store: Store;
  sessions: Sessions;
  /** The Apex workers (absent with `apexRuntime: false` or a custom executeAnonymous). */
  apex?: ApexWorkerPool;
  /** Streaming API clients subscribed to a channel (e.g. `/systemTopic/Logging`). */
  streamingSubscribers(channel: string): number;
  issueAccessToken(): string;
  stop(): Promise<void>;
}

function makeClock(c: LocalOrgOptions['clock']): Clock {
  if (c instanceof Clock) return c;
  const clock = new Clock(c?.timeZone ?? 'America/Los_Angeles');
  if (c?.now) clock.set(c.now, c.freeze ?? false);
  return clock;
}

export async function startLocalOrg(opts: LocalOrgOptions = {}): Promise<LocalOrg> {
  const seed = typeof opts.seed === 'string' ? readSeedFile(opts.seed) : opts.seed;
  const runsApex = !opts.executeAnonymous && opts.apexRuntime !== false;
  if (opts.apexParseCacheDir) configureParseCache(opts.apexParseCacheDir);
  // Apex runs in worker threads with connections of their own: the org lives in a file they can open.
  const store = openOrgStore({
    dataDir: opts.dataDir,
    seed,
    clock: makeClock(opts.clock),
    orgType: opts.orgType,
    currency: opts.currency,
    shared: runsApex
  });
  const sessions = new Sessions(store, opts.accessTokenTtlSeconds ?? 7200);
  const debugLogs = new DebugLogs(store);
  const streaming = new StreamingHub();
  // A new debug log is announced on /systemTopic/Logging (what `sf apex tail log` listens to).
  const announceLog = (id: string): void =>
    streaming.publish('/systemTopic/Logging', {
      event: { createdDate: store.clock.now().toISOString(), type: 'created' },
      sobject: { Id: id }
    });
  debugLogs.onLog(announceLog);
  const fixtures = new ExternalFixtures();
  if (opts.fixturesDir) loadFixturesFolder(fixtures, opts.fixturesDir);
  // Apex runs in worker threads (org/apex-pool.ts). Its callouts to this org's own API come back to this
  // thread's router through the in-process transport (worker → pool → transport → router → store), those
  // to other hosts to the fixtures registered here.
  const apex = runsApex
    ? new ApexWorkerPool({
        store,
        entry: new URL(`./apex-worker-entry.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
        size: opts.apexWorkers,
        instanceUrl: () => org.instanceUrl,
        transport: (method, url, headers, body) => dispatchInProcess(org, method, url, headers, body),
        external: (req) => answerExternal(fixtures, req),
        onDebugLog: announceLog
      })
    : undefined;
  const onInternalError = opts.onInternalError ?? ((e: unknown) => console.error('local org: internal error', e));
  const org: OrgState = {
    store,
    sessions,
    cursors: new QueryCursors(),
    faults: new Faults(),
    fixtures,
    deploys: new Map(),
    retrieves: new Map(),
    streaming,
    debugLogs,
    testRuns: new TestRunRecords(),
    instanceUrl: '',
    maxBodyBytes: opts.maxBodyBytes ?? 50 * 1024 * 1024,
    controlSecret: opts.controlSecret ?? randomBytes(24).toString('base64url'),
    dataDir: opts.dataDir,
    onInternalError,
    apiUsage: { day: '', count: 0 },
    executeAnonymous: opts.executeAnonymous ?? apex?.executeAnonymous,
    anonymousChecksSyntax: !opts.executeAnonymous && apex !== undefined,
    runApexTests: opts.runApexTests ?? (opts.apexRuntime === false ? undefined : createDeployTestRunner(store)),
    rehearseDeployTests: apex && !opts.runApexTests ? createTestRehearsal(store, apex) : undefined,
    runTests: apex ? (tests) => apex.runTests(tests) : undefined,
    compileApex: opts.apexRuntime === false ? undefined : createDeployCompiler(store),
    scheduledClasses: apex ? () => apex.scheduledClassNames() : undefined
  };
  // The console's pages look methods up on this thread's copy of the deployed classes; actions run in a worker.
  const pageRuntime = apex ? new DeployedRuntime(store, orgCollaborators(store)) : undefined;
  org.console = new ConsoleHost({
    store,
    sessions,
    apexRuntime: pageRuntime ? () => pageRuntime.current() : undefined,
    runAction: apex ? (action) => apex.runAuraAction(action) : undefined
  });
  if (apex) org.onClockChange = () => void apex.fireDueSchedules().catch(onInternalError);
  // API writes on objects with active triggers run with their triggers in a worker (in-process ones here).
  if (apex && pageRuntime)
    org.apiWrites = {
      run: (write) => apex.apiWrite(write),
      runHere: (write) => runApiWrite(pageRuntime.current(), write)
    };
  if (apex) org.onEventsPublished = () => void apex.deliverEvents().catch(onInternalError);
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    handle(org, req, res, onInternalError).catch((e: unknown) => {
      const err = internalError(e, onInternalError);
      if (!res.headersSent) sendJson(res, 500, [err.toJSON()]);
      else res.destroy();
    });
  });
  // Node closes idle keep-alive sockets after 5 s by default; a stall of the event loop (a long Apex
  // run) longer than that made a request sent on such a socket meet a reset. Keep them a minute.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket: Socket) => {
    const body = '[{"message":"malformed HTTP request","errorCode":"BAD_REQUEST"}]';
    if (socket.writable)
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`
      );
    else socket.destroy();
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  org.instanceUrl = `http://${urlHost}:${port}`;
  return {
    instanceUrl: org.instanceUrl,
    port,
    orgId: store.orgId,
    userId: store.userId,
    username: store.getMeta('username') ?? '',
    orgType: orgTypeOf(store),
    accessToken: sessions.issueAccessToken(),
    refreshToken: sessions.issueRefreshToken(store.userId, CLI_CLIENT_ID),
    controlSecret: org.controlSecret,
    store,
    sessions,
    apex,
    streamingSubscribers: (channel) => streaming.subscribers(channel),
    issueAccessToken: () => sessions.issueAccessToken(),
    stop: async () => {
      await apex?.stop();
      await new Promise<void>((resolve) => {
        streaming.close();
        for (const s of sockets) s.destroy();
        server.close(() => {
          disposeOrgStore(store);
          resolve();
        });
      });
    }
  };
}
